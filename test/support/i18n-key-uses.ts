import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** One place in the app that can produce a translation key. */
export type KeyUse =
  | { kind: 'literal'; key: string; where: string }
  | { kind: 'template'; pattern: string; where: string }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|tsx)$/.test(name) ? [full] : []
  })
}

const keyShape = /^[a-zA-Z]\w*(\.\w+)+$/
const prefixShape = /^[a-zA-Z]\w*(\.\w+)*\.$/
const errorClasses = new Set(['NotFound', 'Forbidden', 'Conflict', 'RuleViolation', 'RuleViolations', 'TooManyRequests'])

/** A template literal's shape with each `${…}` replaced by `*`; null for plain strings. */
function templatePattern(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((s) => `*${s.literal.text}`).join('')
}

/**
 * Every string the app's source can hand to `t()`: literal keys, template keys (as patterns), and
 * the audit action and entity names the admin overview translates (as `auditEvents.action.<name>`
 * and `auditEvents.entity.<name>`). `topLevel` are the dictionary's first-level
 * names; a dotted string that starts with one of them is taken for a key wherever it appears.
 */
export function keyUses(root: string, topLevel: ReadonlySet<string>, skip: (file: string) => boolean): KeyUse[] {
  const uses: KeyUse[] = []
  for (const file of sourceFiles(root)) {
    if (skip(file)) continue
    const text = readFileSync(file, 'utf8')
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
    const where = (node: ts.Node) => `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`
    // Local helpers that prefix their argument: `const n = (key: string) => \`needs.notify.${key}\``
    // (or `=> t(\`…${key}\`)`). A call with a literal argument gives a literal key; the helper's own
    // template counts as a template key only if some call passes something else.
    const helpers = new Map<string, { prefix: string; template: ts.TemplateExpression; literalOnly: boolean }>()
    const findHelpers = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isArrowFunction(node.initializer)) {
        const fn = node.initializer
        const param = fn.parameters.length === 1 && ts.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : null
        let body: ts.Node = fn.body
        if (ts.isCallExpression(body) && ts.isIdentifier(body.expression) && body.expression.text === 't' && body.arguments.length === 1) body = body.arguments[0]
        if (
          param &&
          ts.isTemplateExpression(body) &&
          body.templateSpans.length === 1 &&
          body.templateSpans[0].literal.text === '' &&
          ts.isIdentifier(body.templateSpans[0].expression) &&
          body.templateSpans[0].expression.text === param &&
          prefixShape.test(body.head.text)
        )
          helpers.set(node.name.text, { prefix: body.head.text, template: body, literalOnly: true })
      }
      ts.forEachChild(node, findHelpers)
    }
    findHelpers(sf)
    const findHelperCalls = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && helpers.has(node.expression.text)) {
        const helper = helpers.get(node.expression.text)!
        const arg = node.arguments[0]
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) uses.push({ kind: 'literal', key: helper.prefix + arg.text, where: where(arg) })
        else helper.literalOnly = false
      }
      ts.forEachChild(node, findHelperCalls)
    }
    findHelperCalls(sf)
    const helperTemplates = new Set([...helpers.values()].filter((h) => h.literalOnly).map((h) => h.template))
    const keyContext = (node: ts.Node): 'key' | 'audit' | 'entity' | 'none' | null => {
      let parent = node.parent
      if (ts.isLiteralTypeNode(parent)) return 'none' // a type, not a value
      // `action: cond ? 'a.b' : 'a.c'` is two audit actions.
      while (ts.isConditionalExpression(parent) && parent.condition !== node) {
        node = parent
        parent = parent.parent
      }
      // A property's name (`'agency.workspace': ['agency']`) names something; it uses no key.
      if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent)) && parent.name === node) return 'none'
      if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
        const callee = parent.expression
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : ''
        if (name === 't') return 'key'
      }
      if (ts.isNewExpression(parent) && parent.arguments?.[0] === node && ts.isIdentifier(parent.expression)) {
        // A domain error's message key; any other class's argument (a developer-facing message) is not a key.
        return errorClasses.has(parent.expression.text) ? 'key' : 'none'
      }
      // `case 'objections.closeAsMoot':` tests a follow-up's type tag; it produces no key.
      if (ts.isCaseClause(parent) && parent.expression === node) return 'none'
      if (ts.isPropertyAssignment(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
        if (parent.name.text === 'messageKey') return 'key'
        if (parent.name.text === 'action') return 'audit'
        if (parent.name.text === 'entityType') return 'entity'
        if (parent.name.text === 'type') return 'none' // effect and event types
      }
      // Permission names (`requirePermission(request, 'admin.workspace')`) are not keys.
      if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && /permission/i.test(parent.expression.text)) return 'none'
      return null
    }
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const s = node.text
        const context = keyContext(node)
        if (context === 'none') {
          // not a key
        } else if (context === 'entity' && /^\w+$/.test(s)) {
          uses.push({ kind: 'literal', key: `auditEvents.entity.${s}`, where: where(node) })
        } else if (context === 'audit' && keyShape.test(s)) uses.push({ kind: 'literal', key: `auditEvents.action.${s}`, where: where(node) })
        else if (keyShape.test(s) && (context === 'key' || topLevel.has(s.split('.')[0]))) uses.push({ kind: 'literal', key: s, where: where(node) })
      } else if (ts.isTemplateExpression(node) && !helperTemplates.has(node)) {
        const head = node.head.text
        const context = keyContext(node)
        if (context === 'none') {
          // not a key
        } else if (context === 'audit') uses.push({ kind: 'template', pattern: `auditEvents.action.${templatePattern(node)}`, where: where(node) })
        else if ((context === 'key' && !head.startsWith('/')) || (prefixShape.test(head) && topLevel.has(head.split('.')[0])))
          uses.push({ kind: 'template', pattern: templatePattern(node), where: where(node) })
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return uses
}
