/**
 * A tiny typed state holder with an explicit transition table. Invalid transitions are refused, not thrown. With a
 * `trace`, every transition is logged (`call: calling -> active`) and every refused one warns with both states.
 */
import type { LogSink } from './logger.js';

export interface StateTrace {
  /** What holds the state, as it appears in the log (`connection`, `call`, `presentation`). */
  name: string;
  log: LogSink;
}

export type TransitionTable<S extends string> = Record<S, readonly S[]>;

export class StateMachine<S extends string> {
  #state: S;
  readonly #table: TransitionTable<S>;
  readonly #onChange: (state: S, previous: S) => void;
  readonly #trace?: StateTrace;

  constructor(initial: S, table: TransitionTable<S>, onChange: (state: S, previous: S) => void, trace?: StateTrace) {
    this.#state = initial;
    this.#table = table;
    this.#onChange = onChange;
    this.#trace = trace;
  }

  get state(): S {
    return this.#state;
  }

  can(next: S): boolean {
    return this.#table[this.#state].includes(next);
  }

  is(...states: S[]): boolean {
    return states.includes(this.#state);
  }

  /** Moves to `next` when the table allows it; returns whether it moved. Same-state moves are no-ops. */
  to(next: S): boolean {
    if (next === this.#state) return false;
    if (!this.can(next)) {
      this.#trace?.log('warn', `${this.#trace.name}: refused ${this.#state} -> ${next}`);
      return false;
    }
    const previous = this.#state;
    this.#state = next;
    this.#trace?.log('info', `${this.#trace.name}: ${previous} -> ${next}`);
    this.#onChange(next, previous);
    return true;
  }
}
