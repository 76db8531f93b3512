import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

let checker: ZxcvbnFactory | undefined;

function getChecker(): ZxcvbnFactory {
  // Built on first use: loading the dictionaries takes a moment and most requests never need it.
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return checker;
}

/**
 * True for passwords found in (or trivially built from) the common-password lists, keyboard
 * walks, and the person's own email, username or name. Score 0–1 means "guessable within
 * ~10^6 tries", which online guessing against a rate limit can still reach.
 */
export function isGuessablePassword(password: string, userInputs: string[] = []): boolean {
  return getChecker().check(password, userInputs).score < 2;
}
