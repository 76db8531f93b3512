import type { Connection } from "./connection";
import { ErrorCode } from "./error-codes";
import { verifyUserAuth } from "./signatures";

function fail(connection: Connection, message: string): void {
  connection.sendError(ErrorCode.unauthorized, message);
  connection.close(ErrorCode.unauthorized, message);
}

/** `pusher:signin`: binds a user id to the socket for `#server-to-user-` and terminate_connections. */
export function handleSignIn(connection: Connection, data: Record<string, unknown>): void {
  const { app } = connection;
  const userData = data.user_data;
  if (typeof userData !== "string") {
    fail(connection, "pusher:signin needs user_data");
    return;
  }
  const isValid = verifyUserAuth({
    auth: data.auth,
    key: app.config.key,
    secret: app.config.secret,
    socketId: connection.socketId,
    userData,
  });
  if (!isValid) {
    fail(connection, "Invalid user authentication signature");
    return;
  }
  let user: unknown;
  try {
    user = JSON.parse(userData);
  } catch {
    fail(connection, "user_data is not valid JSON");
    return;
  }
  const id = typeof user === "object" && user !== null ? (user as Record<string, unknown>).id : undefined;
  if (typeof id !== "string" || id.length === 0 || id.length > app.options.limits.maxUserIdLength) {
    fail(connection, "user_data.id must be a non-empty string");
    return;
  }
  if (connection.userId !== undefined && connection.userId !== id) {
    fail(connection, "This connection is already signed in as another user");
    return;
  }
  connection.userId = id;
  app.signIn(connection, id);
  connection.sendMessage({ event: "pusher:signin_success", data: { user_data: userData } });
}
