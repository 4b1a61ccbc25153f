import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  BLOCK_END,
  BLOCK_START,
  fromGitignore,
  mergeDockerignore,
  reincludesSecret,
  secretsLetIn,
} from '../../src/dockerignore-merge.js';
import { contextFilter } from '../../src/verify/context.js';

const ours = '# ours\n.git\n.env\n**/__pycache__\nDockerfile\n';

describe('.dockerignore merge', () => {
  it('keeps the user lines in order and adds only what is missing, in one marked block', () => {
    const merged = mergeDockerignore({
      existing: 'secrets/\n.git\n# mine\nlogs\n',
      ours,
      mustKeep: ['requirements.txt'],
    });
    assert.ok(merged.startsWith('secrets/\n.git\n# mine\nlogs\n'), merged);
    const block = merged.slice(merged.indexOf(BLOCK_START), merged.indexOf(BLOCK_END));
    assert.deepEqual(block.split('\n').slice(1).filter(Boolean), ['.env', '**/__pycache__', 'Dockerfile']);
  });
  it('is idempotent: a second merge changes nothing', () => {
    const once = mergeDockerignore({ existing: 'logs\n', ours, gitignore: 'dist/\n', mustKeep: [] });
    assert.equal(mergeDockerignore({ existing: once, ours, gitignore: 'dist/\n', mustKeep: [] }), once);
    const fresh = mergeDockerignore({ ours, gitignore: 'dist/\n', mustKeep: [] });
    assert.equal(mergeDockerignore({ existing: fresh, ours, gitignore: 'dist/\n', mustKeep: [] }), fresh);
  });
  it('takes over .gitignore entries, anchored the way dockerignore needs', () => {
    assert.equal(fromGitignore('node_modules/'), '**/node_modules');
    assert.equal(fromGitignore('/build'), 'build');
    assert.equal(fromGitignore('docs/_build/'), 'docs/_build');
    assert.equal(fromGitignore('!keep.me'), '!**/keep.me');
    const merged = mergeDockerignore({ existing: 'x\n', ours, gitignore: '*.sqlite3\ninstance/\n', mustKeep: [] });
    assert.match(merged, /\*\*\/\*\.sqlite3\n\*\*\/instance/);
  });
  it('never excludes what the Dockerfile copies: gitignored lockfiles are skipped, user exclusions negated', () => {
    const merged = mergeDockerignore({
      existing: '*.txt\n',
      ours,
      gitignore: 'package-lock.json\n',
      mustKeep: ['requirements.txt', 'package-lock.json'],
    });
    const filter = contextFilter(merged.split('\n'));
    assert.ok(!filter.ignores('requirements.txt'), merged);
    assert.ok(!filter.ignores('package-lock.json'), merged);
    assert.ok(filter.ignores('notes.txt'));
  });
});

describe('.dockerignore and secrets', () => {
  it('a .gitignore `!.env` keeps .env in git, never in the image (it used to become `!**/.env`)', () => {
    const merged = mergeDockerignore({ ours, gitignore: '.env*\n!.env\n!.env.example\n', mustKeep: [] });
    assert.equal(contextFilter(merged.split('\n')).ignores('.env'), true, merged);
    assert.ok(!merged.includes('!**/.env\n'), merged);
  });
  it("names the secret files a user's own negation lets in", () => {
    assert.deepEqual(secretsLetIn('.env\n!.env\n', ['.env', 'app.py', 'id_rsa']), ['.env', 'id_rsa']);
    assert.deepEqual(secretsLetIn('.env\nid_rsa\n', ['.env', 'app.py', 'id_rsa']), []);
    assert.equal(reincludesSecret('!**/.env'), true);
    assert.equal(reincludesSecret('!requirements.txt'), false);
  });
});

describe('.gitignore negations', () => {
  it('.gitignore negations are carried into the merged .dockerignore', () => {
    const merged = mergeDockerignore({ ours: '.git\n', gitignore: 'config/*\n!config/default.json\n', mustKeep: [] });
    const filter = contextFilter(merged.split('\n'));
    assert.ok(filter.ignores('config/local.json'));
    assert.ok(!filter.ignores('config/default.json'), merged);
  });
});
