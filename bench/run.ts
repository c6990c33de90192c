/**
 * `npm run bench -- <name>`: runs bench/<name>.ts. Each benchmark measures the project's code
 * next to a baseline in the same process and prints the ratio, which is the figure to quote.
 */
const bench = process.argv[2]
const available = ['calendar', 'bids', 'credit-carry']
if (!bench || !available.includes(bench)) {
  console.error(`usage: npm run bench -- <${available.join('|')}>`)
  process.exit(2)
}
await import(`./${bench}.ts`)
export {}
