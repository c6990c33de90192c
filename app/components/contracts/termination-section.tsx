import type { ContractData } from './contract-page'

/** The contract page's termination section (filled in by the termination work of issue 13). */
export function TerminationSection({ data: _data }: { data: ContractData }) {
  return null
}
