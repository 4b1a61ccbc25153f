/** A FROM image the engine lacks and cannot pull is named as that (outputs as Docker 20.10 printed them here). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { describeMissingBase, missingBaseImage } from '../../src/verify/missing-base.js';

const BUILDKIT = `#3 [internal] load metadata for docker.io/library/maven:3.9-eclipse-temurin-99
#3 sha256:b5f883d198cef66f8fe504da31a89738c1c351dfcea5bc652334b20692a19119
#3 ERROR: failed to do request: Head "https://registry-1.docker.io/v2/library/maven/manifests/3.9-eclipse-temurin-99": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host
------
 > [internal] load metadata for docker.io/library/maven:3.9-eclipse-temurin-99:
------
failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/maven/manifests/3.9-eclipse-temurin-99": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host
`;

const LEGACY = `Sending build context to Docker daemon  2.048kB
Step 1/2 : FROM maven:3.9-eclipse-temurin-99 AS build
Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host
`;

describe('a base image the engine lacks and cannot pull', () => {
  it('BuildKit: the image as the Dockerfile names it and the registry lookup that failed', () => {
    const missing = missingBaseImage(BUILDKIT);
    assert.deepEqual(missing, { image: 'maven:3.9-eclipse-temurin-99', reason: 'registry-1.docker.io: no such host' });
    assert.match(
      describeMissingBase(missing!),
      /^no base image maven:3\.9-eclipse-temurin-99 here: it is not on this engine and could not be pulled \(registry-1\.docker\.io: no such host\); .*--runtime-version/,
    );
  });

  it('the legacy builder and Podman say it their own way', () => {
    assert.deepEqual(missingBaseImage(LEGACY), {
      image: 'maven:3.9-eclipse-temurin-99',
      reason: 'registry-1.docker.io: no such host',
    });
    assert.deepEqual(
      missingBaseImage(
        'STEP 1/9: FROM eclipse-temurin:25-jre\nError: creating build container: initializing source docker://eclipse-temurin:25-jre: reading manifest 25-jre in docker.io/library/eclipse-temurin: manifest unknown\n',
      ),
      {
        image: 'eclipse-temurin:25-jre',
        reason: 'reading manifest 25-jre in docker.io/library/eclipse-temurin: manifest unknown',
      },
    );
  });

  it('a build that failed in a step of its own is not taken for it', () => {
    assert.equal(
      missingBaseImage(
        '#9 [build 4/8] RUN go mod download\n#9 2.1 go: github.com/x/y@v1.0.0: Get "https://proxy.golang.org/": dial tcp: lookup proxy.golang.org: no such host\n#9 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1\n',
      ),
      undefined,
    );
    assert.equal(
      missingBaseImage('Step 4/9 : RUN pip install -r requirements.txt\nERROR: No matching distribution\n'),
      undefined,
    );
  });
});
