import { applyDecorators, CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import { RequestWithActor } from '../context/actor';
import { IdempotencyService } from './idempotency.service';

/**
 * With an `Idempotency-Key` header, runs the handler inside the transaction
 * that records the key, and answers a repeat with the first response (same
 * status, same body). Without the header the handler runs as usual.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idem: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const key = req.header('idempotency-key');
    if (key === undefined) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    // The key is bound to the route actually called, so one key cannot serve two routes.
    const scope = `${req.method} ${req.originalUrl.split('?')[0]}`;
    if (!req.actor) return next.handle();
    return from(this.idem.run(req.actor, key, scope, req.body, status, () => lastValueFrom(next.handle(), { defaultValue: null }))).pipe(
      map((stored) => {
        res.status(stored.status);
        return stored.body;
      }),
    );
  }
}

/** Marks a money-changing POST: it honours `Idempotency-Key`. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'the same key and body return the first response; another body gets 409',
    }),
  );
