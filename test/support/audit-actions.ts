import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * Every audit action the source can write, read from the source itself (no type checker):
 *
 * - each `recordAudit(tx, { action: … })` call: its `action` resolved through string literals,
 *   conditionals, template literals (every combination), a local `const`, and a parameter of the
 *   enclosing function (the arguments of every call of that function in the same file, resolved
 *   the same way); what is left (a property read such as `effects.audit.event`) must have an
 *   entry in `indirect`, or it is reported in `unresolved`;
 * - every other `action: '<dotted.name>'` literal (the house convention the i18n check also uses:
 *   an effect `{ kind: 'audit', action: 'complaint.upheld' }` is an audit action).
 */
export interface AuditActionScan {
  actions: Map<string, string[]> // action → where it is written
  unresolved: string[] // `file:line expression` of action expressions nothing resolved
}

/** How an indirect action expression's values are found: `root`-relative file → expression text → values. */
export type Indirect = Record<string, Record<string, (root: string) => string[]>>

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
  })
}

export function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
}

const dotted = /^[a-zA-Z]\w*(\.\w+)+$/

const product = (parts: string[][]): string[] =>
  parts.reduce<string[]>((acc, options) => acc.flatMap((a) => options.map((o) => a + o)), [''])

/** The string values a type denotes: literals, unions, template literal types, local aliases. */
export function typeStrings(node: ts.TypeNode, sf: ts.SourceFile): string[] | null {
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text]
  if (ts.isParenthesizedTypeNode(node)) return typeStrings(node.type, sf)
  if (ts.isUnionTypeNode(node)) {
    const all = node.types.map((t) => typeStrings(t, sf))
    return all.some((a) => a === null) ? null : (all as string[][]).flat()
  }
  if (ts.isTemplateLiteralTypeNode(node)) {
    const parts: string[][] = [[node.head.text]]
    for (const span of node.templateSpans) {
      const values = typeStrings(span.type, sf)
      if (!values) return null
      parts.push(values, [span.literal.text])
    }
    return product(parts)
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const alias = typeAlias(sf, node.typeName.text)
    return alias ? typeStrings(alias.type, sf) : null
  }
  return null
}

export function typeAlias(sf: ts.SourceFile, name: string): ts.TypeAliasDeclaration | undefined {
  return sf.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === name)
}

type Fn = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration

const fnName = (fn: Fn): string | null => {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text
  return null
}

export function scanAuditActions(root: string, dirs: string[], indirect: Indirect): AuditActionScan {
  const actions = new Map<string, string[]>()
  const unresolved: string[] = []
  const add = (action: string, where: string) => actions.set(action, [...(actions.get(action) ?? []), where])

  for (const file of dirs.flatMap((d) => sourceFiles(path.join(root, d)))) {
    const rel = path.relative(root, file).split(path.sep).join('/')
    const sf = parse(file)
    const where = (node: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`

    const calls: ts.CallExpression[] = []
    const collectCalls = (node: ts.Node) => {
      if (ts.isCallExpression(node)) calls.push(node)
      ts.forEachChild(node, collectCalls)
    }
    collectCalls(sf)
    const calleeName = (c: ts.CallExpression) =>
      ts.isIdentifier(c.expression) ? c.expression.text : ts.isPropertyAccessExpression(c.expression) ? c.expression.name.text : ''

    const resolve = (expr: ts.Expression, depth: number): string[] | null => {
      if (depth > 8) return null
      if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text]
      if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) return resolve(expr.expression, depth + 1)
      if (ts.isConditionalExpression(expr)) {
        const a = resolve(expr.whenTrue, depth + 1)
        const b = resolve(expr.whenFalse, depth + 1)
        return a && b ? [...a, ...b] : null
      }
      if (ts.isTemplateExpression(expr)) {
        const parts: string[][] = [[expr.head.text]]
        for (const span of expr.templateSpans) {
          const values = resolve(span.expression, depth + 1)
          if (!values) return null
          parts.push(values, [span.literal.text])
        }
        return product(parts)
      }
      const table = indirect[rel]?.[expr.getText(sf)]
      if (table) return table(root)
      if (ts.isIdentifier(expr)) return resolveIdentifier(expr, depth)
      return null
    }

    const resolveIdentifier = (id: ts.Identifier, depth: number): string[] | null => {
      for (let node: ts.Node = id.parent; node; node = node.parent) {
        // A `const` of this name declared in an enclosing block.
        if (ts.isBlock(node) || ts.isSourceFile(node)) {
          for (const st of node.statements) {
            if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue
            for (const d of st.declarationList.declarations)
              if (ts.isIdentifier(d.name) && d.name.text === id.text && d.initializer) return resolve(d.initializer, depth + 1)
          }
        }
        // A parameter of the enclosing function: every call of it in this file.
        if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) {
          const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text)
          if (index < 0) continue
          const name = fnName(node)
          if (!name) return null
          const uses = calls.filter((c) => calleeName(c) === name && c.arguments.length > index)
          if (uses.length === 0) return null
          const values: string[] = []
          for (const c of uses) {
            const v = resolve(c.arguments[index], depth + 1)
            if (!v) return null
            values.push(...v)
          }
          return values
        }
      }
      return null
    }

    for (const call of calls) {
      if (calleeName(call) !== 'recordAudit') continue
      const input = call.arguments[1]
      if (!input || !ts.isObjectLiteralExpression(input)) {
        unresolved.push(`${where(call)} recordAudit without an object literal`)
        continue
      }
      const prop = input.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'action')
      const expr = !prop ? null : ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : null
      if (!expr) {
        unresolved.push(`${where(call)} recordAudit without an action`)
        continue
      }
      const values = resolve(expr, 0)
      if (!values) unresolved.push(`${where(expr)} ${expr.getText(sf)}`)
      else for (const v of values) add(v, where(expr))
    }

    // The convention: an `action: '<dotted>'` property is an audit action (effects, helpers).
    const visit = (node: ts.Node) => {
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === 'action' &&
        (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer)) &&
        dotted.test(node.initializer.text)
      )
        add(node.initializer.text, where(node.initializer))
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return { actions, unresolved }
}
