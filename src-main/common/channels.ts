/**
 * IPC channel names, apart from the contract so the sandboxed preload can use them without
 * bundling zod. Every channel is `vslicer:<method>`; preload and main both refuse anything else.
 */
export const CHANNEL_PREFIX = 'vslicer:';
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;
/** What a method name may look like before it is even looked up. */
export const METHOD_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
