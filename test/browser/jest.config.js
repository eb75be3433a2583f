/**
 * `npm run test:browser`: the console in a real browser (Debian's chromium through playwright-core) against the real
 * service on the test database. The e2e project's settings (transform, database set-up), other files.
 */
const path = require('node:path');
const root = require('../../jest.config.js');
const e2e = root.projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...e2e,
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 120000,
  reporters: root.reporters,
};
