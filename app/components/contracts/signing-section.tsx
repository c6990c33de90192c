import type { ContractData } from './contract-page'

/** The contract page's signing section (filled in by the signing work of issue 13). */
export function SigningSection({ data: _data }: { data: ContractData }) {
  return null
}
