/** The logo and name heading pages that stand outside the app shell (sign-in, invitation, shared report). */
export function Brand({ size, className }: { size: 24 | 32; className?: string }) {
  return (
    <div className={className ? `brand ${className}` : 'brand'}>
      <img src="/favicon.svg" alt="" width={size} height={size} />
      <span>Stint</span>
    </div>
  );
}
