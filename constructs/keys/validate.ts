import { throwIfProblems, type Problem } from "../../common/problems";
import type { EncryptionKeyProps } from "./encryption-key";

const ALIAS_PATTERN = /^[a-zA-Z0-9/_-]{1,250}$/;

export function checkKeyProps(path: string, props: EncryptionKeyProps): void {
  const problems: Problem[] = [];
  if (props.alias.startsWith("alias/") || !ALIAS_PATTERN.test(props.alias) || props.alias.startsWith("aws/")) {
    problems.push({
      field: `${path}.alias`,
      value: props.alias,
      expected: "letters, digits, '/', '_' and '-' without the alias/ prefix and not starting with aws/",
      fix: 'e.g. "aec-platform-prod-logs"',
    });
  }
  const days = props.deletionWindowDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 7 || days > 30)) {
    problems.push({
      field: `${path}.deletionWindowDays`,
      value: days,
      expected: "a whole number of days from 7 to 30 (KMS limits)",
      fix: "use 30 unless you have a reason to delete keys sooner",
    });
  }
  throwIfProblems("EncryptionKey props", problems);
}
