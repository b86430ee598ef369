/** Browser-side handle on the local Vinteo server (runs in the test runner; see test/server/). */
import { executeServerCommand } from '@web/test-runner-commands';

export interface ServerInfo { wsUrl: string; domain: string; accounts: Array<{ user: string; password: string }> }
export interface RecordedRequest { method: string; ruri: string; callId: string; cseq: number; fromUser: string; toUser: string; headers: Record<string, string>; body: string; time: number }
export interface MediaCounters { packetsReceived: number; bytesReceived: number; packetsSent: number }
export interface DialogSnapshot {
  callId: string; direction: 'incoming' | 'outgoing'; user: string; target: string; state: 'ringing' | 'confirmed' | 'terminated';
  finalStatus?: number; infoDigits: string[]; media: { audio: MediaCounters; video: MediaCounters; rfc4733Digits: string[] };
}
export interface Registration { user: string; contact: string; headers: Record<string, string> }

async function command<T>(action: string, args: object = {}): Promise<T> {
  const result = await executeServerCommand<T | { error: string }, object>('vinteo', { action, ...args });
  if (result && typeof result === 'object' && 'error' in (result as object)) throw new Error(`vinteo server: ${(result as { error: string }).error}`);
  return result as T;
}

export const vinteoServer = {
  info: () => command<ServerInfo>('info'),
  requests: (filter: { method?: string; since?: number } = {}) => command<RecordedRequest[]>('requests', filter),
  dialogs: () => command<DialogSnapshot[]>('dialogs'),
  registrations: () => command<Registration[]>('registrations'),
  hangUp: (by: { callId?: string; user?: string }) => command<{ status: number }>('hangUp', by),
  sendInfo: (args: { callId?: string; user?: string; contentType: string; headers?: Record<string, string>; body?: string }) => command<{ status: number; reason: string }>('sendInfo', args),
  sendNotify: (args: { callId?: string; user?: string; event?: string; headers?: Record<string, string>; body?: string }) => command<{ status: number; reason: string }>('sendNotify', args),
  callUser: (args: { user: string; from?: string; displayName?: string; headers?: Record<string, string> }) => command<{ callId: string }>('callUser', args),
  cancelCall: (args: { callId: string }) => command<{ sent: boolean }>('cancelCall', args),
  dropConnection: (args: { user: string }) => command<{ dropped: boolean }>('dropConnection', args),
  waitFor: (args: { method: string; timeoutMs?: number; since?: number }) => command<RecordedRequest>('waitFor', args),
  reset: () => command<{ ok: boolean }>('reset'),
};
