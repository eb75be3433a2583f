import { serviceRoleName, urlAs } from '../../../src/platform/database/service-role';

describe('the service role name and URL', () => {
  it('is named after the database, within 63 bytes', () => {
    expect(serviceRoleName('enclave')).toBe('enclave_service');
    const long = serviceRoleName('飞地'.repeat(20));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^飞地.*_[0-9a-f]{8}_service$/);
    expect(serviceRoleName('飞地'.repeat(20))).toBe(long);
    expect(serviceRoleName('飞地'.repeat(21))).not.toBe(long);
  });
  it("connects to the owner's server and database, with its options, as the service role", () => {
    expect(urlAs('postgres://owner:secret@db.example:6543/enclave?sslmode=require', 'enclave_service', 'p@ss/w:rd')).toBe(
      'postgres://enclave_service:p%40ss%2Fw%3Ard@db.example:6543/enclave?sslmode=require',
    );
    expect(() => urlAs('postgres:///enclave?host=/var/run/postgresql', 'r', 'p')).toThrow(/SERVICE_DATABASE_URL/);
  });
});
