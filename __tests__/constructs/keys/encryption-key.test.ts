import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import { EncryptionKey } from "../../../constructs/keys/encryption-key";
import { DATA_CLASSES, PlatformKeys } from "../../../constructs/keys/platform-keys";
import { countOf, emptyStack, resourceAt, synthJson } from "../../helpers";

describe("EncryptionKey", () => {
  it("rotates, waits 30 days before deletion and has an explicit policy and alias", () => {
    const { stack } = emptyStack();
    new EncryptionKey(stack, "k", { alias: "kit-test", description: "test key" });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      multi_region: false,
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: "alias/kit-test" });
    const policy = JSON.parse(String(resourceAt(synthJson(stack), "aws_kms_key", "k/key").policy));
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Principal.AWS).toMatch(/^arn:\$\{.*\}:iam::\$\{.*account_id\}:root$/);
  });

  it("adds service statements with their conditions", () => {
    const { stack } = emptyStack();
    const key = new EncryptionKey(stack, "k", { alias: "kit-test", description: "d", multiRegion: true });
    key.allowServiceUse("RdsUse", "rds.amazonaws.com", { StringEquals: { "kms:CallerAccount": "123456789012" } });
    const json = synthJson(stack);
    const resource = resourceAt(json, "aws_kms_key", "k/key");
    expect(resource.multi_region).toBe(true);
    const statement = JSON.parse(String(resource.policy)).Statement[1];
    expect(statement).toMatchObject({ Sid: "RdsUse", Principal: { Service: "rds.amazonaws.com" } });
    expect(statement.Condition.StringEquals["kms:CallerAccount"]).toBe("123456789012");
  });

  it.each([
    [{ alias: "alias/x" }, 'k.alias: got "alias/x"'],
    [{ alias: "aws/x" }, 'k.alias: got "aws/x"'],
    [{ alias: "ok", deletionWindowDays: 3 }, "k.deletionWindowDays: got 3; expected a whole number of days from 7 to 30"],
  ])("fails on %j", (props, message) => {
    const { stack } = emptyStack();
    expect(() => new EncryptionKey(stack, "k", { description: "d", ...props })).toThrow(message);
  });
});

describe("PlatformKeys", () => {
  it("creates one key per data class, keyed by class", () => {
    const { stack } = emptyStack();
    const keys = new PlatformKeys(stack, "keys", { aliasPrefix: "kit-prod" });
    expect(Object.keys(keys.byClass)).toEqual([...DATA_CLASSES]);
    const json = synthJson(stack);
    expect(countOf(json, "aws_kms_key")).toBe(DATA_CLASSES.length);
    expect(resourceAt(json, "aws_kms_alias", "keys/database/alias").name).toBe("alias/kit-prod-database");
  });
});

describe("EncryptionKey statements", () => {
  it("adds the same statement once, however often it is asked for", () => {
    const { stack } = emptyStack();
    const key = new EncryptionKey(stack, "k", { alias: "kit-test", description: "d" });
    key.allowCloudWatchLogs();
    key.allowCloudWatchLogs();
    const sids = JSON.parse(String(resourceAt(synthJson(stack), "aws_kms_key", "k/key").policy)).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(["AccountAdministersKey", "CloudWatchLogsUse"]);
  });

  it("fails when a taken Sid is reused for another statement", () => {
    const { stack } = emptyStack();
    const key = new EncryptionKey(stack, "k", { alias: "kit-test", description: "d" });
    key.allowServiceUse("S", "rds.amazonaws.com");
    expect(() => key.allowServiceUse("S", "sns.amazonaws.com")).toThrow(
      'EncryptionKey test/k: statement "S" is already in the key policy with other content; expected each Sid once. Fix: give the new statement its own Sid.',
    );
  });
});
