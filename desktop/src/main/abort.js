'use strict';
/** Cancellation helpers shared by the run loop, the Docker manager and the verify runner. */

/** The error every cancelled step rejects with (callers test `error.name === 'AbortError'`). */
function abortError() {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

function throwIfAborted(signal) {
  if (signal && signal.aborted) throw abortError();
}

/** Wait `ms`, or reject with an AbortError as soon as `signal` aborts (the timer and listener are removed). */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    return undefined;
  });
}

module.exports = { throwIfAborted, sleep };
