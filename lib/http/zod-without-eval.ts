import { z } from "zod";

// zod compiles object parsers with `new Function` when it may. In the browser our CSP has no
// 'unsafe-eval', so zod's probe is refused and every page reports a securitypolicyviolation
// (harmless, but it drowns out a real one). jitless skips the probe. The server has no CSP and
// keeps the faster compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });
