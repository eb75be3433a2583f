import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The audit trail's reader (GET /api/audit); the writer is the platform's AuditTrail. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
