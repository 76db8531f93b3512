// GET /api/uploadthing — the file routes' config; POST — a browser's upload request, or uploadthing's signed callback
import { handleUploadthingRequest } from "@/lib/files/uploadthing/route-handler";

export const GET = handleUploadthingRequest;
export const POST = handleUploadthingRequest;
