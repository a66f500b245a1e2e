import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  enabledSecurityServices,
  SECURITY_SERVICE_LABELS,
  SECURITY_SERVICES,
  type SecurityServicesConfig,
} from "../../common/security-services";
import type { EncryptionKey } from "../keys/encryption-key";
import { AuditTrail, type PolicyBucket } from "./audit-trail";
import { ContainerRegistry } from "./container-registry";
import { SecurityPosture, ThreatDetection } from "./threat-detection";
import { WebFirewall } from "./web-firewall";

export interface SecurityServicesProps {
  /** Name prefix, e.g. `aec-platform-prod`. */
  readonly name: string;
  /** Services to create; an omitted one is on. @default every service on */
  readonly enabled?: SecurityServicesConfig;
  /** Warn at synth when a production environment turns a service off. */
  readonly production: boolean;
  readonly logsKey: EncryptionKey;
  /** Encrypts container images. */
  readonly registryKey: EncryptionKey;
  readonly logsBucket: PolicyBucket;
  /** Buckets whose object-level events the trail records (the documents bucket). @default [] */
  readonly dataEventBuckets?: readonly { readonly arn: string }[];
  readonly logRetentionDays: number;
  /** Repository name prefix, e.g. `aec-platform/prod`. */
  readonly repositoryPrefix: string;
  /** Container repositories for the platform's workloads. @default ["processing-worker"] */
  readonly repositories?: readonly string[];
  /** Region images are replicated to. @default no replication */
  readonly replicationRegion?: string;
  /** @default 2000 */
  readonly rateLimitPer5Minutes?: number;
}

const DEFAULTS = { repositories: ["processing-worker"] as readonly string[] } as const;

/** The environment's audit trail, threat detection, security posture, container registry and web firewall. */
export class SecurityServices extends Construct {
  readonly trail?: AuditTrail;
  readonly threatDetection?: ThreatDetection;
  readonly posture?: SecurityPosture;
  readonly registry?: ContainerRegistry;
  readonly firewall?: WebFirewall;

  constructor(scope: Construct, id: string, props: SecurityServicesProps) {
    super(scope, id);
    const on = enabledSecurityServices(props.enabled);
    if (props.production) {
      for (const service of SECURITY_SERVICES.filter((s) => !on[s])) {
        Annotations.of(this).addWarning(
          `${SECURITY_SERVICE_LABELS[service]} is turned off (securityServices.${service} = false) in a production environment; make sure your organisation runs it centrally.`,
        );
      }
    }
    if (on.cloudTrail) {
      this.trail = new AuditTrail(this, "audit-trail", {
        name: props.name,
        logsBucket: props.logsBucket,
        logsKey: props.logsKey,
        logRetentionDays: props.logRetentionDays,
        dataEventBuckets: props.dataEventBuckets,
      });
    }
    if (on.guardDuty) this.threatDetection = new ThreatDetection(this, "guardduty");
    if (on.securityHub) this.posture = new SecurityPosture(this, "security-hub");
    if (on.containerRegistry) {
      this.registry = new ContainerRegistry(this, "registry", {
        prefix: props.repositoryPrefix,
        repositories: props.repositories ?? DEFAULTS.repositories,
        encryptionKey: props.registryKey,
        replicationRegion: props.replicationRegion,
      });
    }
    if (on.webFirewall) {
      this.firewall = new WebFirewall(this, "web-firewall", {
        name: props.name,
        logsKey: props.logsKey,
        logRetentionDays: props.logRetentionDays,
        rateLimitPer5Minutes: props.rateLimitPer5Minutes,
      });
    }
  }
}
