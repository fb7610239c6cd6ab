// Imports a profile with speedscope's own importer, as its web page does, and prints what it
// made as one JSON line: {"profiles":N,"frames":[keys],"warnings":[texts],"ms":T}.
//
//   node speedscope-import.mjs PACKAGE_DIR FILE
//
// speedscope's npm package ships only its built web bundle (dist/release/speedscope-*.js), an
// esbuild bundle whose importer module (importProfileGroupFromText, …) is not exported. This
// script finds that module in the bundle by the names it registers, adds one line that hands it
// out, and runs the bundle: its page code then stops at the first use of `window` (there is no
// DOM in node), after the importer is defined. Exit 3 when the bundle does not have the shape
// this expects (another speedscope version): say so rather than guess.
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

const [, , packageDir, file] = process.argv
const release = path.join(packageDir, 'dist', 'release')
const bundleName = fs.readdirSync(release).find((f) => /^speedscope-.*\.js$/.test(f))
if (!bundleName) {
  console.error(`no speedscope-*.js in ${release}`)
  process.exit(3)
}
let source = fs.readFileSync(path.join(release, bundleName), 'utf8')
// `var M={};R(M,{…,importProfileGroupFromText:()=>…})` registers the module's exports;
// `Promise.resolve().then(()=>(I(),M))` is how the page loads it lazily: I initialises it.
const registration = /var ([\w$]+)=\{\};[\w$]+\(\1,\{[^}]*importProfileGroupFromText:/.exec(source)
const moduleName = registration && registration[1]
const escaped = moduleName && moduleName.replace(/\$/g, '\\$')
const loader =
  moduleName &&
  new RegExp(`Promise\\.resolve\\(\\)\\.then\\(\\(\\)=>\\(([\\w$]+)\\(\\),${escaped}\\)\\)`).exec(source)
if (!loader || !source.includes('(()=>{')) {
  console.error(`${bundleName}: the importer module was not found (a speedscope version this script does not know)`)
  process.exit(3)
}
source = source.replace('(()=>{', `(()=>{globalThis.__umdfxImporter=()=>(${loader[1]}(),${moduleName});`)
try {
  vm.runInThisContext(source, { filename: bundleName })
} catch (e) {
  // The page code needs a DOM; the importer was defined before it.
}
if (typeof globalThis.__umdfxImporter !== 'function') {
  console.error(`${bundleName}: the importer did not load`)
  process.exit(3)
}
const importer = globalThis.__umdfxImporter()

const warnings = []
console.warn = (...args) => warnings.push(args.join(' '))
console.log = (...args) => process.stderr.write(args.join(' ') + '\n') // "Importing as …"
const text = fs.readFileSync(file, 'utf8')
const started = performance.now()
const group = await importer.importProfileGroupFromText(path.basename(file), text)
const ms = performance.now() - started
if (!group) {
  console.error(`${file}: speedscope did not recognise the file`)
  process.exit(1)
}
const frames = new Set()
for (const profile of group.profiles) profile.forEachFrame((frame) => frames.add(frame.key))
process.stdout.write(
  JSON.stringify({ profiles: group.profiles.length, frames: [...frames].sort(), warnings, ms }) + '\n',
)
