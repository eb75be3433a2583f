/**
 * The audit chain's recomputation as a worker-thread task (src/platform/workers runs it; AuditTrail.verify feeds it
 * the entries a page at a time as it reads them): hashing the whole trail holds no event loop.
 */
import { AuditChainVerification, AuditRecord, verifyAuditChain } from './audit-chain';

/** This module's path, for the pool: .ts from source, .js built. */
export const AUDIT_VERIFICATION_WORKER = __filename;

/** The chained entries from the first, in sequence order. */
export function verifyAuditRecords(input: { records: AuditRecord[] }): AuditChainVerification {
  return verifyAuditChain(input.records);
}
