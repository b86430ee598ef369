/** A tiny typed state holder with an explicit transition table. Invalid transitions are refused, not thrown. */

export type TransitionTable<S extends string> = Record<S, readonly S[]>;

export class StateMachine<S extends string> {
  #state: S;
  readonly #table: TransitionTable<S>;
  readonly #onChange: (state: S, previous: S) => void;

  constructor(initial: S, table: TransitionTable<S>, onChange: (state: S, previous: S) => void) {
    this.#state = initial;
    this.#table = table;
    this.#onChange = onChange;
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
    if (!this.can(next)) return false;
    const previous = this.#state;
    this.#state = next;
    this.#onChange(next, previous);
    return true;
  }
}
