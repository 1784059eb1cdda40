/**
 * When a request has left. The sync engine asks for the next delta page and then writes the page
 * it has, which on SQLite is synchronous work between rare yields: a request still on its way out
 * (the pacer's grant, the token, undici's write, each waiting for a turn of the event loop) would
 * leave only when the write next yields, and Graph would answer that much later. A request made
 * inside `departing` resolves `sent` once undici has written it to the socket (its dispatch
 * handler's onRequestSent). The request is found through its async context: between the caller
 * and undici it passes through the SDK's middleware chain, which carries nothing of ours.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DecoratorHandler, type Dispatcher } from 'undici';

const departures = new AsyncLocalStorage<() => void>();

export interface Departing<T> {
  answer: Promise<T>;
  /** Resolved once the request is on the wire, or answered, or failed: never rejected. */
  sent: Promise<void>;
}

/** Runs `request`, telling when the first HTTP request it makes has been written. */
export function departing<T>(request: () => Promise<T>): Departing<T> {
  let signal: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => {
    signal = resolve;
  });
  const answer = departures.run(signal, request);
  // An answer or a failure means it left, or never will.
  answer.then(
    () => signal(),
    () => signal()
  );
  return { answer, sent };
}

/**
 * Runs `request` outside any `departing()`: its HTTP requests are not the one a caller waits to
 * see leave. A token msal fetches on the way to a Graph request would otherwise be taken for it,
 * and the page written while the Graph request is still to leave.
 */
export function apartFromDepartures<T>(request: () => T): T {
  return departures.exit(request);
}

/** The request's own handler, with every call passed on (DecoratorHandler), and its departure told. */
class DepartureHandler extends DecoratorHandler {
  constructor(
    private readonly handler: Dispatcher.DispatchHandlers,
    private readonly signal: () => void
  ) {
    super(handler);
  }

  // Called by undici's client once the request's head (and body, if any) is written.
  onRequestSent() {
    this.signal();
    return (this.handler as { onRequestSent?: () => void }).onRequestSent?.();
  }
}

/** The dispatcher interceptor that signals departures; requests made elsewhere pass untouched. */
export const signallingDepartures: Dispatcher.DispatcherComposeInterceptor =
  (dispatch) => (options, handler) => {
    const signal = departures.getStore();
    // undici's types declare DecoratorHandler without its methods (it has them all).
    const signalling =
      signal && (new DepartureHandler(handler, signal) as Dispatcher.DispatchHandlers);
    return dispatch(options, signalling || handler);
  };
