/**
 * A rough price for the review page: the on-demand list price per hour of common instance types
 * (Linux, us-east-1, USD, as AWS lists them; other regions cost up to ~30 % more, savings plans
 * and spot less). A hint to weigh "keep it" against "terminate it", never a bill. Pure.
 */
const ON_DEMAND_USD_PER_HOUR: Readonly<Record<string, number>> = {
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't4g.small': 0.0168,
  't4g.medium': 0.0336,
  'm7i.large': 0.1008,
  'm7i.xlarge': 0.2016,
  'm7g.large': 0.0816,
  'c7i.large': 0.0893,
  'c7g.large': 0.0725,
  'r7i.large': 0.1323,
  'r7i.xlarge': 0.2646,
  'r7g.large': 0.1071,
};

const usd = (n: number) => `$${n < 1 ? n.toFixed(3) : n.toFixed(2)}`;

/**
 * "≈ $0.083/h (≈ $2.00/day if kept)" for a known type, else where to look it up. `kept`: the
 * instance outlives the test, so its daily price matters.
 */
export function costHint(instanceType: string, kept: boolean): string {
  const hourly = ON_DEMAND_USD_PER_HOUR[instanceType.trim()];
  if (hourly === undefined)
    return `No list price known here for ${instanceType || 'this type'}: see aws.amazon.com/ec2/pricing.`;
  const perDay = kept ? `, ≈ ${usd(hourly * 24)}/day while kept` : '';
  return `≈ ${usd(hourly)}/h on demand (us-east-1 Linux list price; other regions differ)${perDay}, plus its EBS volumes.`;
}
