/** Pusher protocol close / error codes used by this server. */
export const ErrorCode = {
  // 4000–4099: the client must not reconnect as-is.
  unknownAppKey: 4001,
  appDisabled: 4003,
  overConnectionQuota: 4004,
  unsupportedProtocol: 4007,
  missingProtocol: 4008,
  unauthorized: 4009,
  // 4100–4199: reconnect after back-off.
  overCapacity: 4100,
  // 4200–4299: reconnect immediately.
  serverClosing: 4200,
  pongTimeout: 4201,
  // 4300–4399: other errors; the socket stays open.
  limitReached: 4300,
  clientEventRejected: 4301,
} as const;

/** WebSocket (RFC 6455) codes for frames that are not Pusher protocol at all. */
export const WsCloseCode = {
  unsupportedData: 1003,
  internalError: 1011,
} as const;
