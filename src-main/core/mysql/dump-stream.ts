/**
 * Appended to the input of a client fed a dump when the dump (or its reading) fails or is cancelled: whatever statement the
 * stream was cut in, the client stops with an error instead of taking the truncated dump as whole.
 */
export const ABORT_SQL =
  "\n';\n;\nSIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'opsdeck: the stream was aborted';\n";
