import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { onPurpose } from '../../src/verify/checks/http-failure.js';

describe('a 5xx on a route found in the source', () => {
  it('names --http-path for a route other than / (e.g. petclinic /oups, which crashes on purpose)', () => {
    assert.match(onPurpose('/oups'), /^; if \/oups fails on purpose, name the path to prove with --http-path PATH$/);
  });
  it('says nothing more for the root, which every app must serve', () => {
    assert.equal(onPurpose('/'), '');
  });
});
