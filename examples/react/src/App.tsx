// One <vinteo-connector> with a <vinteo-call> inside, with no wrapper: React 19 sets `password` and `iceServers` as
// properties (never attributes) and `onvinteo-…` props become listeners for the element events.
import { useEffect, useState } from 'react';
import type {
  VinteoCallElement,
  VinteoCallEndedEvent,
  VinteoCallStateChangeEvent,
  VinteoConnectionStateChangeEvent,
  VinteoConnectorElement,
  VinteoErrorEvent,
} from 'vinteo-elements/elements';
import { exampleConfig } from './config';

const config = exampleConfig();
const iceServers: RTCIceServer[] = []; // loopback tests need none; a real deployment lists its TURN servers here

export function App() {
  // Elements kept in state through callback refs (`ref={setCall}`), so the effect below runs once the element exists.
  const [connector, setConnector] = useState<VinteoConnectorElement | null>(null);
  const [call, setCall] = useState<VinteoCallElement | null>(null);
  const [connectionState, setConnectionState] = useState('disconnected');
  const [callState, setCallState] = useState('idle');
  const [events, setEvents] = useState<string[]>([]);
  const log = (type: string, text: string) => setEvents((lines) => [...lines, `${type}: ${text}`]);

  useEffect(() => {
    void connector?.connect();
    return () => void connector?.disconnect();
  }, [connector]);

  return (
    <main>
      <h1>vinteo-elements in React</h1>
      <vinteo-connector
        ref={setConnector}
        server={config.server}
        domain={config.domain}
        user={config.user}
        register={config.user !== ''}
        display-name="React example"
        password={config.password}
        iceServers={iceServers}
        onvinteo-connection-state-change={(event: VinteoConnectionStateChangeEvent) => {
          setConnectionState(event.detail.state);
          log(event.type, event.detail.state);
        }}
        onvinteo-error={(event: VinteoErrorEvent) => log(event.type, event.detail.code)}
      >
        <vinteo-call
          ref={setCall}
          target={config.target}
          onvinteo-call-state-change={(event: VinteoCallStateChangeEvent) => {
            setCallState(event.detail.state);
            log(event.type, event.detail.state);
          }}
          onvinteo-call-ended={(event: VinteoCallEndedEvent) => log(event.type, event.detail.cause)}
        ></vinteo-call>
      </vinteo-connector>
      <p>
        Connection <output id="connection-state">{connectionState}</output>, call{' '}
        <output id="call-state">{callState}</output>
      </p>
      <button id="join" type="button" disabled={callState !== 'idle'} onClick={() => void call?.call()}>
        Join {config.target}
      </button>
      <button id="leave" type="button" disabled={callState === 'idle'} onClick={() => void call?.hangUp()}>
        Leave
      </button>
      <ol id="events">
        {events.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
