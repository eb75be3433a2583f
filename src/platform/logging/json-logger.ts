import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { beijingIso } from '../clock/clock';

/**
 * Nest's logger with Beijing timestamps. `json`: one JSON object a line, `{time, level, context, message, …}`, no
 * colours, for log collectors and files; otherwise Nest's readable coloured text, for a terminal.
 */
export class ServiceLogger extends ConsoleLogger {
  constructor(json: boolean, logLevels: LogLevel[] = ['log', 'warn', 'error', 'fatal']) {
    super(json ? { json: true, colors: false, compact: true, logLevels } : { logLevels });
  }

  protected override getTimestamp(): string {
    return beijingIso(Date.now());
  }

  /** Nest's record with its epoch-millisecond `timestamp` replaced by `time` in Beijing time, placed first. */
  protected override stringifyJsonLogObject(logObject: Record<string, unknown>): string {
    const { timestamp, level, context, message, ...rest } = logObject;
    const time = beijingIso(typeof timestamp === 'number' ? timestamp : Date.now());
    return super.stringifyJsonLogObject({ time, level, context, message, ...rest });
  }
}

/** JSON lines when stdout is not a terminal (a service, a pipe, a file), readable text on a terminal. */
export function serviceLogger(logLevels?: LogLevel[], stdout: { isTTY?: boolean } = process.stdout): ServiceLogger {
  return new ServiceLogger(!stdout.isTTY, logLevels);
}
