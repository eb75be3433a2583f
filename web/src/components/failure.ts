import { ElMessage } from 'element-plus';
import { ApiError } from '../api/client';

/**
 * A failed action's message, shown until closed. A 401 is not shown: the session has ended, and the sign-in page
 * already says so (stores/session.ts), once.
 */
export function showFailure(e: unknown, message = (e as Error).message): void {
  if (e instanceof ApiError && e.status === 401) return;
  ElMessage({ type: 'error', message, duration: 0, showClose: true });
}
