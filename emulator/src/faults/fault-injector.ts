import {
  FaultRule,
  validateFaultRule,
  type FaultRuleSpec,
  type FaultRuleState,
  type FaultTarget,
} from './fault-rules';

/** The active fault rules; the first rule (in order added) that fires wins. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /** Tokens hit by an expiredToken fault: refused from then on, as a really expired token is. */
  private readonly expiredTokens = new Set<string>();

  add(specs: FaultRuleSpec[]): FaultRuleState[] {
    for (const spec of specs) {
      const problem = validateFaultRule(spec);
      if (problem) throw new Error(problem);
    }
    const added = specs.map((spec) => new FaultRule(String(this.nextId++), spec));
    this.rules.push(...added);
    return added.map((rule) => ({ ...rule.state }));
  }

  list(): FaultRuleState[] {
    return this.rules.map((rule) => ({ ...rule.state }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.state.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.expiredTokens.clear();
  }

  /** Every rule counts the request it matches; the first that fires decides the fault. */
  pick(target: FaultTarget): FaultRuleState | undefined {
    let chosen: FaultRuleState | undefined;
    for (const rule of this.rules) {
      if (rule.fires(target, chosen === undefined)) chosen = rule.state;
    }
    return chosen;
  }

  expireToken(token: string): void {
    this.expiredTokens.add(token);
  }

  isExpired(token: string): boolean {
    return this.expiredTokens.has(token);
  }
}
