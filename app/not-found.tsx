import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <Link className="text-primary underline" href="/">
        Back to Parley
      </Link>
    </main>
  );
}
