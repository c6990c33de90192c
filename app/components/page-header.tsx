export function PageHeader({ title, lead, children }: { title: string; lead?: string; children?: React.ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {lead ? <p className="lead">{lead}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  )
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return (
    <p className="empty" data-testid="empty-state">
      {children}
    </p>
  )
}
