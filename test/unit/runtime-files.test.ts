/** Files a compiled app reads at run time: found in Go, Rust and Java code, copied next to the binary. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { ProjectFiles } from '../../src/detect/files.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import {
  copiedPath,
  goEmbedPatterns,
  goReferences,
  javaReferences,
  runtimeCopies,
  runtimeFilesIn,
  rustReferences,
} from '../../src/languages/runtime-files.js';
import { tempTree } from '../support/temp-tree.js';

const GO_MOD = 'module example.com/site\n\ngo 1.24\n';
const goMain = (body: string, imports = '"net/http"') =>
  `package main\n\nimport (\n${imports}\n)\n\nfunc main() {\n${body}\nhttp.ListenAndServe(":8080", nil)\n}\n`;

/** Detects a folder and renders its files with --yes: the facts of `language` and the Dockerfile and .dockerignore. */
async function generated(files: Record<string, string>, language: string) {
  const facts = await detect(tempTree('runtime-files-', files));
  const found = facts.detected.find((candidate) => candidate.language === language);
  assert.ok(found, `detected as ${language}`);
  const { answers } = await resolveAnswers({ flags: {}, saved: {}, facts, yes: true });
  const rendered = await renderAll(plan(answers, facts));
  const text = (name: string) => rendered.find((file) => file.destination === name)!.contents;
  return { found, dockerfile: text('Dockerfile') };
}

describe('runtime files of compiled apps', () => {
  it('the path to copy: the folder above a glob, ./ dropped; absolute, climbing and whole-folder paths refused', () => {
    assert.equal(copiedPath('templates/*.tmpl.html'), 'templates');
    assert.equal(copiedPath('templates/**/*'), 'templates');
    assert.equal(copiedPath('./static'), 'static');
    assert.equal(copiedPath('./web/static/'), 'web/static');
    assert.equal(copiedPath('config/app.yaml'), 'config/app.yaml');
    assert.equal(copiedPath('/etc/app.yaml'), undefined);
    assert.equal(copiedPath('../shared'), undefined);
    assert.equal(copiedPath('*.html'), undefined);
    assert.equal(copiedPath('.'), undefined);
    assert.equal(copiedPath('my dir'), undefined);
  });

  it('Go calls: gin, net/http, html/template and os reads by literal; computed paths are left alone', () => {
    const code = [
      'r.LoadHTMLGlob("templates/*.tmpl.html")',
      'r.LoadHTMLFiles("views/a.html", "views/b.html")',
      'r.Static("/assets", "./public")',
      'r.StaticFS("/more", http.Dir("files"))',
      'tmpl := template.Must(template.ParseGlob("layouts/*.gohtml"))',
      'template.ParseFiles("page.html")',
      'os.ReadFile("config.yaml")',
      'os.Open(filepath.Join(dir, "x"))',
      'os.ReadFile(name)',
    ].join('\n');
    assert.deepEqual(
      goReferences(code).map((reference) => reference.literal),
      [
        'templates/*.tmpl.html',
        'views/a.html',
        'views/b.html',
        './public',
        'files',
        'layouts/*.gohtml',
        'page.html',
        'config.yaml',
      ],
    );
  });

  it('Rust and Java calls; include_str! and classpath resources are not file-system reads', () => {
    const rust = [
      'let serve = ServeDir::new("assets");',
      'let tera = tera::Tera::new("templates/**/*").unwrap();',
      'let cfg = std::fs::read_to_string("config/app.toml")?;',
      'const PAGE: &str = include_str!("page.html");',
      'App::new().service(Files::new("/static", "./static"))',
    ].join('\n');
    assert.deepEqual(
      rustReferences(rust).map((reference) => reference.literal),
      ['assets', 'templates/**/*', './static', 'config/app.toml'],
    );
    const java = [
      'File dir = new File("uploads");',
      'Path data = Paths.get("data", "seed.csv");',
      'var p = Path.of("reports");',
      'new ClassPathResource("static/index.html");',
    ].join('\n');
    assert.deepEqual(
      javaReferences(java).map((reference) => reference.literal),
      ['uploads', 'data', 'reports'],
    );
  });

  it('only paths the project holds; //go:embed folders and paths inside a kept folder are not copied again', async () => {
    const root = tempTree('runtime-files-in-', {
      'templates/index.html': '<p>hi</p>',
      'static/app.css': 'body{}',
      'embedded/logo.svg': '<svg/>',
      'config.yaml': 'a: 1\n',
    });
    const found = await runtimeFilesIn(
      new ProjectFiles(root),
      [
        { literal: 'templates/*.html', call: 'LoadHTMLGlob' },
        { literal: 'templates/index.html', call: 'ParseFiles' },
        { literal: 'static', call: 'Static' },
        { literal: 'embedded', call: 'http.Dir' },
        { literal: 'missing', call: 'http.Dir' },
        { literal: 'config.yaml', call: 'os.ReadFile' },
      ],
      { embedded: goEmbedPatterns('//go:embed embedded/*\nvar logo embed.FS\n') },
    );
    assert.deepEqual(found, [
      { path: 'config.yaml', folder: false, readBy: 'os.ReadFile("config.yaml")' },
      { path: 'static', folder: true, readBy: 'Static("static")' },
      { path: 'templates', folder: true, readBy: 'LoadHTMLGlob("templates/*.html")' },
    ]);
    const folders = await runtimeFilesIn(new ProjectFiles(root), [{ literal: 'config.yaml', call: 'new File' }], {
      foldersOnly: true,
    });
    assert.deepEqual(folders, []);
  });

  it('a copied folder the app also writes to is owned by the app user; the others stay root-owned', () => {
    const copies = runtimeCopies(
      [
        { path: 'data', folder: true, readBy: 'os.ReadFile("data/seed.json")' },
        { path: 'static', folder: true, readBy: 'Static("static")' },
      ],
      ['data'],
    );
    assert.deepEqual(
      copies.map((copy) => [copy.path, copy.writable]),
      [
        ['data', true],
        ['static', false],
      ],
    );
  });

  it('Go: the folders are copied into /app of the final stage, kept in the .dockerignore-free context, and named in a note', async () => {
    const { found, dockerfile } = await generated(
      {
        'go.mod': GO_MOD,
        'main.go': goMain(
          'tmpl := template.Must(template.ParseGlob("templates/*.html"))\n_ = tmpl\nhttp.Handle("/static/", http.FileServer(http.Dir("static")))',
          '"html/template"\n"net/http"',
        ),
        'templates/index.html': '<p>{{.}}</p>',
        'static/app.css': 'body{}',
      },
      'go',
    );
    assert.deepEqual(
      found.runtimeFiles?.map((file) => file.path),
      ['static', 'templates'],
    );
    assert.match(found.notes?.join('\n') ?? '', /copies static\/, templates\/ into \/app next to the binary/);
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    assert.match(final, /^WORKDIR \/app$[\s\S]*^COPY static \/app\/static$\n^COPY templates \/app\/templates$/m);
  });

  it('Go: //go:embed templates are in the binary: nothing copied, the Dockerfile unchanged', async () => {
    const { found, dockerfile } = await generated(
      {
        'go.mod': GO_MOD,
        'main.go': goMain(
          '_ = files\nhttp.Handle("/", http.FileServer(http.Dir("public")))',
          '"embed"\n"net/http"\n)\n\n//go:embed public\nvar files embed.FS\n\nvar _ = (',
        ),
        'public/index.html': '<p>hi</p>',
      },
      'go',
    );
    assert.equal(found.runtimeFiles, undefined);
    assert.doesNotMatch(dockerfile, /COPY public/);
  });

  it('Rust: Tera templates and a ServeDir folder are copied next to the binary', async () => {
    const { found, dockerfile } = await generated(
      {
        'Cargo.toml': '[package]\nname = "site"\nversion = "0.1.0"\n[dependencies]\naxum = "0.8"\n',
        'Cargo.lock': '# lock\n',
        'src/main.rs':
          'fn main() { let t = tera::Tera::new("templates/**/*").unwrap(); let s = ServeDir::new("assets"); let l = tokio::net::TcpListener::bind("0.0.0.0:8080"); }\n',
        'templates/index.html': '<p>hi</p>',
        'assets/app.js': '',
      },
      'rust',
    );
    assert.deepEqual(
      found.runtimeFiles?.map((file) => file.path),
      ['assets', 'templates'],
    );
    assert.match(dockerfile, /^COPY assets \/app\/assets$\n^COPY templates \/app\/templates$/m);
  });

  it('Java: a folder read through new File() is copied into /app; classpath resources are not', async () => {
    const pom =
      '<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent><artifactId>a</artifactId><version>1</version><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>';
    const { found, dockerfile } = await generated(
      {
        'pom.xml': pom,
        'src/main/java/com/example/App.java':
          '@SpringBootApplication\npublic class App { static java.io.File DATA = new java.io.File("seed-data"); static java.io.File CFG = new java.io.File("app.properties"); }\n',
        'seed-data/countries.csv': 'fr\n',
        'app.properties': 'a=1\n',
      },
      'java',
    );
    assert.deepEqual(
      found.runtimeFiles?.map((file) => file.path),
      ['seed-data'],
    );
    assert.match(dockerfile, /^COPY seed-data \/app\/seed-data$/m);
  });
});
