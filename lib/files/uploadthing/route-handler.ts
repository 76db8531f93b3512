import "server-only";
import { createRouteHandler } from "uploadthing/server";
import { readSessionUser } from "@/lib/auth/session-reader";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse, isAppError } from "@/lib/errors";
import { guardRouteRequest } from "@/lib/http/route-guard";
import { getStorageKind } from "../storage-kind";
import { uploadthingConfig } from "./config";
import { createAttachmentRouter } from "./file-router";
import { assertMayUploadFiles, uploadRequestSchema } from "./upload-checks";

let handler: ((request: Request) => Promise<Response>) | undefined;

function sdkHandler(): (request: Request) => Promise<Response> {
  const env = getEnv();
  handler ??= createRouteHandler({ router: createAttachmentRouter(env), config: uploadthingConfig(env) });
  return handler;
}

/** An error in uploadthing's shape (`{ message }`, read by its client) and in ours (`{ error }`). */
async function refusal(error: unknown): Promise<Response> {
  const response = errorResponse(error);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return Response.json(
    { message: body.error.message, ...body },
    { status: response.status, headers: response.headers },
  );
}

/**
 * uploadthing's route. Its signed callbacks (header `uploadthing-hook`) go straight to the SDK,
 * which verifies the signature with the API key and refuses anything else. A browser's request
 * for presigned URLs is checked here first, so a refusal has its true status (401, 404, 413, 415,
 * 429) and message; the route's middleware runs the same checks again inside the SDK.
 */
export async function handleUploadthingRequest(request: Request): Promise<Response> {
  if (getStorageKind() !== "uploadthing") return errorResponse(new AppError("not_found"));
  if (request.method !== "POST" || request.headers.has("uploadthing-hook")) return sdkHandler()(request);
  try {
    guardRouteRequest(request);
    const user = await readSessionUser({ headers: request.headers });
    if (!user) throw new AppError("unauthorized");
    const parsed = uploadRequestSchema.safeParse(
      await request
        .clone()
        .json()
        .catch(() => null),
    );
    if (!parsed.success) throw new AppError("invalid:upload", "That upload request is not valid.");
    await assertMayUploadFiles({
      actor: user,
      conversationId: parsed.data.input.conversationId,
      files: parsed.data.files,
    });
  } catch (error) {
    if (!isAppError(error)) console.error(error);
    return refusal(error);
  }
  return sdkHandler()(request);
}
