/**
 * One out-of-dialog OPTIONS to the server's domain (not to our own AOR, which standard registrars answer 482).
 * Any answer from the server — 200, 404, 405, 482 … — proves the transport works; only a transport error (sip.js
 * reports it as a synthetic 503 with no Via) or no answer at all means it does not.
 */
import type { URI, UserAgent } from 'sip.js';
import type { SipStack } from './sip-stack.js';

/**
 * The probe's target per stack and domain, parsed once: sip.js's grammar costs ~0.2 ms a parse (fast-grammar.ts),
 * most of a probe's main-thread time. sip.js clones the request URI it is given, so one parsed URI serves every probe.
 */
const targets = new WeakMap<SipStack, Map<string, URI | undefined>>();

function targetOf(stack: SipStack, domain: string): URI | undefined {
  let byDomain = targets.get(stack);
  if (!byDomain) targets.set(stack, (byDomain = new Map()));
  if (!byDomain.has(domain)) byDomain.set(domain, stack.makeUri(`sip:${domain}`));
  return byDomain.get(domain);
}

export function sendOptions(ua: UserAgent, stack: SipStack, domain: string): Promise<void> {
  const target = targetOf(stack, domain);
  if (!target) return Promise.reject(new Error('domain does not form a SIP URI'));
  return new Promise((resolve, reject) => {
    const answered = (response: { message: { getHeader(name: string): string | undefined } }): void => {
      if (response.message.getHeader('via')) resolve();
      else reject(new Error('OPTIONS could not be sent'));
    };
    try {
      const core = ua.userAgentCore;
      const message = core.makeOutgoingRequestMessage('OPTIONS', target, ua.configuration.uri, target, {});
      core.request(message, { onAccept: answered, onReject: answered });
    } catch (error) {
      reject(error);
    }
  });
}
