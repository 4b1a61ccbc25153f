/**
 * Whether the project is itself an installable package. Then the image installs it too, after its
 * dependencies and without them (`--no-deps`): its metadata (`importlib.metadata.version(...)`) and
 * console scripts exist at run time, while the dependency layer stays cached across code edits.
 */

/**
 * A pyproject.toml with a [build-system] and its metadata ([project], Poetry's [tool.poetry], or a
 * setup.cfg beside it), or a setup.py. (A setup.cfg alone is often only tool settings.) Projects that say they are not packages are left as they are: Poetry's
 * `package-mode = false` and uv's `[tool.uv] package = false`.
 */
export function installableProject(pyproject: Record<string, any>, topFiles: readonly string[]): boolean {
  if (pyproject.tool?.poetry?.['package-mode'] === false || pyproject.tool?.uv?.package === false) return false;
  if (pyproject['build-system'] && (pyproject.project || pyproject.tool?.poetry || topFiles.includes('setup.cfg')))
    return true;
  return topFiles.includes('setup.py');
}
