/**
 * The seam between the connector and sip.js. Everything sip.js-specific that managers construct goes through
 * this factory so tests can inject fakes and the stack stays replaceable.
 */
import { Inviter, Registerer, UserAgent } from 'sip.js';
import type { InviterOptions, RegistererOptions, URI, UserAgentOptions } from 'sip.js';
import { withFastParsing } from './fast-grammar.js';

export interface SipStack {
  makeUri(value: string): URI | undefined;
  createUserAgent(options: UserAgentOptions): UserAgent;
  createRegisterer(userAgent: UserAgent, options: RegistererOptions): Registerer;
  createInviter(userAgent: UserAgent, target: URI, options: InviterOptions): Inviter;
}

export const sipJsStack: SipStack = {
  makeUri: (value) => UserAgent.makeURI(value),
  // Received messages are parsed with fast paths for the simplest header rules (fast-grammar.ts).
  createUserAgent: (options) => withFastParsing(new UserAgent(options)),
  createRegisterer: (userAgent, options) => new Registerer(userAgent, options),
  createInviter: (userAgent, target, options) => new Inviter(userAgent, target, options),
};
