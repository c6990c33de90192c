import type { ContractData } from './contract-page'

/** The contract page's service section (filled in by the service work of issue 13). */
export function ServiceSection({ data: _data }: { data: ContractData }) {
  return null
}
