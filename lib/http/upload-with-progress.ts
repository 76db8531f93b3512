/**
 * Sends a multipart form and reports upload progress (0–1). XMLHttpRequest rather than fetch
 * because only it reports upload progress. Rejects with the server's safe error message.
 */
export function uploadWithProgress<T>(
  method: "POST" | "PUT",
  url: string,
  body: FormData,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, url);
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const response = request.response as (T & { error?: { message?: string } }) | null;
      if (request.status >= 200 && request.status < 300 && response) resolve(response);
      else reject(new Error(response?.error?.message ?? "The upload failed. Try again."));
    };
    request.onerror = () => reject(new Error("The upload failed: check your connection and try again."));
    request.send(body);
  });
}
