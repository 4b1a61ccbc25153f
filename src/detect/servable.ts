/**
 * Several languages in one folder (a Python app with a package.json for prettier, a Go service with a
 * JS linter): the one that serves HTTP is the app. Serving means detection found a server framework in
 * it; the rest is taken for tooling, and the user is told so in one line. When none or several serve,
 * nothing is chosen and the line says which, for the "set --language" error.
 */
import type { LanguageFacts } from '../model.js';

export interface LanguageChoice {
  /** The one language that serves, when the others do not. */
  language?: string;
  /** One line for the user: why the others were ignored, or why no choice was made. */
  note?: string;
}

const label = (facts: LanguageFacts) => `${facts.language} (${facts.evidence.join(', ') || 'source files'})`;

export function chooseServable(detected: readonly LanguageFacts[]): LanguageChoice {
  if (detected.length < 2) return {};
  const serving = detected.filter((facts) => facts.framework !== undefined);
  const idle = detected.filter((facts) => facts.framework === undefined);
  if (serving.length === 1)
    return {
      language: serving[0].language,
      note: `${serving[0].language} is the app (${serving[0].framework}); ${idle.map(label).join(', ')} ignored: no server in it, so it is taken for tooling (pass --language ${idle[0].language} to build it instead)`,
    };
  if (serving.length === 0)
    return {
      note: `none of them serves HTTP as it is (no server framework found in ${detected.map(label).join(' or ')})`,
    };
  return {
    note: `${serving.length === detected.length && serving.length === 2 ? 'both' : 'several'} serve HTTP (${serving.map((facts) => `${facts.language}: ${facts.framework}`).join(', ')})`,
  };
}
