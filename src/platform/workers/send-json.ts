import type { Response } from 'express';

/** Up to this size an answer goes out as res.json would send it (Content-Length, ETag); above, in pieces. */
const SMALL = 1 << 20;
const PIECE = 1 << 16;

/**
 * Sends JSON text a worker made (UTF-8 bytes, exactly what res.json would have written) without work on the event
 * loop: no stringify, and for a large answer no ETag hash over it either; it is written in 64 KiB pieces at the
 * pace the client reads, and abandoned if the client goes away.
 */
export async function sendJson(res: Response, json: Uint8Array, status = 200): Promise<void> {
  const body = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  res.status(status).type('application/json');
  if (body.length <= SMALL) {
    res.send(body);
    return;
  }
  res.setHeader('Content-Length', body.length);
  for (let at = 0; at < body.length && !res.destroyed; at += PIECE) {
    if (!res.write(body.subarray(at, at + PIECE))) await drained(res);
  }
  if (!res.destroyed) res.end();
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
