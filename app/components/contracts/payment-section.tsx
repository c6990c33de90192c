import type { ContractData } from './contract-page'

/** The contract page's payment section (filled in by the payment work of issue 13). */
export function PaymentSection({ data: _data }: { data: ContractData }) {
  return null
}
