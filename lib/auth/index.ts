import "server-only";
import NextAuth from "next-auth";
import { buildAuthConfig } from "./config";
import "./types";

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig());
