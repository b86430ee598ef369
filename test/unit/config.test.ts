import { expect } from '@open-wc/testing';
import {
  detectBrowser,
  guestUser,
  resolveConfig,
  socketUrlFor,
  userAgentString,
  wireDisplayName,
} from '../../src/connection/config.js';
import { ConfigError } from '../../src/errors.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('connection config', () => {
  it('turns a Vinteo host into the wss /webrtc/wss/ URL and keeps full ws(s) URLs', () => {
    expect(socketUrlFor('vc.example.com')).to.equal('wss://vc.example.com/webrtc/wss/');
    expect(socketUrlFor('vc.example.com:8443')).to.equal('wss://vc.example.com:8443/webrtc/wss/');
    expect(socketUrlFor('ws://127.0.0.1:5066')).to.equal('ws://127.0.0.1:5066/');
    expect(socketUrlFor('wss://sip.example.org/ws')).to.equal('wss://sip.example.org/ws');
  });

  it('rejects other schemes, paths and empty servers with invalid-config', () => {
    expect(configError(() => socketUrlFor('https://x.org')).code).to.equal('invalid-config');
    expect(configError(() => socketUrlFor('host/path')).code).to.equal('invalid-config');
    expect(configError(() => socketUrlFor('  ')).code).to.equal('invalid-config');
  });

  it('makes guests with a random numeric user in [100000, 99999999)', () => {
    expect(guestUser(() => 0)).to.equal('100000');
    expect(Number(guestUser(() => 0.999999999))).to.be.below(99_999_999);
    const resolved = resolveConfig({ server: 'h.example' });
    expect(resolved.guest).to.equal(true);
    expect(resolved.user).to.match(/^\d{6,8}$/);
    expect(resolved.domain).to.equal('h.example');
  });

  it('requires user and password to register, and never puts the password in the message', () => {
    expect(configError(() => resolveConfig({ server: 'h', register: true, password: 'x' })).message).to.match(
      /user is required/,
    );
    const error = configError(() => resolveConfig({ server: 'h', register: true, user: 'alice' }));
    expect(error.message).to.match(/password is required/);
    const ok = resolveConfig({ server: 'h', register: true, user: ' alice ', password: 'pw-secret-1' });
    expect(ok.user).to.equal('alice');
    expect(JSON.stringify(ok)).not.to.contain('pw-secret-1');
  });

  it('applies the display-name and User-Agent rules', () => {
    expect(wireDisplayName('  Ivan Petrov ')).to.equal('Ivan_Petrov');
    expect(userAgentString({})).to.equal('Chrome');
    expect(userAgentString({ appName: 'my|app!', appVersion: '31.2.0' }, { name: 'Chrome', version: '138' })).to.equal(
      'ChromeNew - Chrome 138, my_app_ 31',
    );
    expect(userAgentString({ appName: 'demo', appVersion: '2' })).to.equal('ChromeNew - demo 2');
    expect(detectBrowser('Mozilla/5.0 (X11) AppleWebKit/537.36 Chrome/156.0.1.2 Safari/537.36')).to.deep.equal({
      name: 'Chrome',
      version: '156',
    });
  });

  it('puts X-Vinteo-Remote before the extra REGISTER headers and refuses header injection', () => {
    const resolved = resolveConfig({ server: 'h', remoteAddress: '10.0.0.1', extraHeaders: ['X-App: 1'] });
    expect(resolved.registerHeaders).to.deep.equal(['X-Vinteo-Remote: 10.0.0.1', 'X-App: 1']);
    expect(configError(() => resolveConfig({ server: 'h', extraHeaders: ['X-Bad: 1\r\nVia: evil'] })).code).to.equal(
      'invalid-config',
    );
  });

  it('keeps a valid maxAvailableResolution and refuses a non-positive one', () => {
    expect(resolveConfig({ server: 'h' }).maxAvailableResolution).to.equal(undefined);
    expect(
      resolveConfig({ server: 'h', maxAvailableResolution: { width: 1280, height: 720 } }).maxAvailableResolution,
    ).to.deep.equal({ width: 1280, height: 720 });
    for (const bad of [
      { width: 0, height: 720 },
      { width: 1280, height: Number.NaN },
    ]) {
      expect(() => resolveConfig({ server: 'h', maxAvailableResolution: bad })).to.throw(
        ConfigError,
        /maxAvailableResolution/,
      );
    }
  });

  it('refuses non-positive timeouts', () => {
    expect(configError(() => resolveConfig({ server: 'h', connectTimeoutMs: -1 })).message).to.match(
      /connectTimeoutMs/,
    );
  });

  it('apiUrl defaults to https://{host[:port] of the socket}; an explicit http(s) URL is used without its trailing slash', () => {
    expect(resolveConfig({ server: 'vinteo.example.com' }).apiUrl).to.equal('https://vinteo.example.com');
    expect(resolveConfig({ server: 'wss://vinteo.example.com:8443/webrtc/wss/' }).apiUrl).to.equal(
      'https://vinteo.example.com:8443',
    );
    expect(resolveConfig({ server: 'ws://127.0.0.1:5060', apiUrl: 'http://127.0.0.1:8080/' }).apiUrl).to.equal(
      'http://127.0.0.1:8080',
    );
    expect(resolveConfig({ server: 'h', apiUrl: 'https://api.example.com/vinteo//' }).apiUrl).to.equal(
      'https://api.example.com/vinteo',
    );
    for (const apiUrl of ['ftp://x', 'not a url', 'https://user:pw@x', 'https://x/?a=1']) {
      expect(configError(() => resolveConfig({ server: 'h', apiUrl })).code, apiUrl).to.equal('invalid-config');
    }
  });
});
