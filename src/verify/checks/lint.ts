import { lintDockerfile } from '../../lint.js';
import type { VerifyRun } from '../run.js';

/** slim-docker's structure rules: an error fails the check, a warning is only listed. */
export async function lintCheck({ target, steps }: VerifyRun): Promise<void> {
  const findings = lintDockerfile(target.parsed);
  const errors = findings.filter((finding) => finding.severity === 'error');
  steps.check(
    'lint',
    errors.length === 0,
    findings.length === 0
      ? 'no findings (slim-docker structure rules)'
      : findings.map((f) => `${f.rule} ${f.severity} line ${f.line}: ${f.message}`).join('; '),
  );
}
