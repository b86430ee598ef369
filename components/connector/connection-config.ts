/** The connection config `<vinteo-connector>` builds from its attributes and properties. */
import type { ReconnectPolicy } from '../../src/connection/reconnect-policy.js';
import type { ConnectionConfig } from '../../src/types.js';

/** What the config is built from: the element's attributes and properties. */
export interface ConfigSource {
  server: string;
  domain: string;
  user: string;
  displayName: string;
  appName: string;
  apiUrl: string;
  register: boolean;
  password?: string;
  iceServers?: RTCIceServer[];
  extraHeaders?: string[];
  reconnectPolicy?: ReconnectPolicy;
  noReconnect: boolean;
  keepAliveInterval?: number | null;
  keepAliveTimeout?: number | null;
  config?: Partial<ConnectionConfig>;
}

/** A keep-alive setting is unset, or a finite number of ms no smaller than `min` (0 for the interval: off). */
export function validKeepAlive(value: number | null | undefined, min: number): boolean {
  return value === undefined || value === null || (Number.isFinite(value) && value >= min);
}

const usable = (value: number | null | undefined, min: number): value is number =>
  value != null && validKeepAlive(value, min);

/** Attributes first, then the properties; `config` is merged over everything. Unset and invalid values are left out. */
export function connectionConfig(el: ConfigSource): ConnectionConfig {
  const base: ConnectionConfig = { server: el.server.trim(), register: el.register };
  if (el.domain) base.domain = el.domain;
  if (el.user) base.user = el.user;
  if (el.displayName) base.displayName = el.displayName;
  if (el.appName) base.appName = el.appName;
  if (el.apiUrl) base.apiUrl = el.apiUrl;
  if (el.password) base.password = el.password;
  if (el.iceServers) base.iceServers = el.iceServers;
  if (el.extraHeaders) base.extraHeaders = el.extraHeaders;
  if (el.reconnectPolicy) base.reconnectPolicy = el.reconnectPolicy;
  if (el.noReconnect) base.reconnect = false;
  if (usable(el.keepAliveInterval, 0)) base.keepAliveIntervalMs = el.keepAliveInterval;
  if (usable(el.keepAliveTimeout, 1)) base.keepAliveTimeoutMs = el.keepAliveTimeout;
  return { ...base, ...el.config };
}
