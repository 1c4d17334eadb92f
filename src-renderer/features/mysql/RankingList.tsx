import type { CandidateRank, FailoverPlan, Reason } from '../../../src-main/contract';
import { lagText } from './mysql-tones';

const MARK: Record<Reason['kind'], string> = { good: '+', bad: '−', block: '×', info: '·' };

/** Every replica as a candidate, best first, each with the reasons for its place. */
export function RankingList({
  plan,
  selected,
  onSelect,
}: {
  plan: FailoverPlan;
  /** Wizard: the candidate picked (radio); the panel shows the planner's own choice. */
  selected?: string;
  onSelect?(name: string): void;
}) {
  if (!plan.candidates.length) return <div className="muted">No replica.</div>;
  return (
    <ol className="ranking" data-testid="ranking">
      {plan.candidates.map((c) => (
        <li
          key={c.name}
          className={`ranking-item${c.eligible && !c.errantCount ? '' : ' ineligible'}`}
          data-testid={`rank-${c.name}`}
          data-rank={c.rank}
          data-eligible={c.eligible}
        >
          <div className="ranking-head">
            {onSelect ? (
              <input
                type="radio"
                name="candidate"
                aria-label={`Promote ${c.name}`}
                data-testid={`pick-${c.name}`}
                checked={selected === c.name}
                disabled={!c.eligible || c.errantCount > 0}
                onChange={() => onSelect(c.name)}
              />
            ) : null}
            <span className="ranking-rank">{c.rank}</span>
            <strong>{c.name}</strong>
            <Badges c={c} plan={plan} />
            <span className="spacer" />
            <span className="faint mono" title="Lag">
              {lagText(c.lag)}
            </span>
          </div>
          <ul className="ranking-reasons">
            {c.reasons.map((r, i) => (
              <li key={i} className={`reason-${r.kind}`}>
                <span className="reason-mark" aria-label={r.kind}>
                  {MARK[r.kind]}
                </span>
                {r.text}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Badges({ c, plan }: { c: CandidateRank; plan: FailoverPlan }) {
  return (
    <>
      {c.name === plan.chosen ? (
        <span className="badge tone-ok" data-testid="rank-chosen">
          would promote
        </span>
      ) : null}
      {c.name === plan.catchUpFrom ? <span className="badge tone-unknown">donor</span> : null}
      {c.errantCount ? (
        <span className="badge tone-crit" data-testid="rank-errant">
          {c.errantCount} errant
        </span>
      ) : null}
      {!c.eligible ? <span className="badge tone-crit">cannot be promoted</span> : null}
      {c.behind ? <span className="badge tone-warn">{c.behind} behind</span> : null}
    </>
  );
}
