import { ruleSuite } from "./harness";

const lt = (config: Record<string, unknown>) => ({ aws_launch_template: { lt: config } });
const instance = (config: Record<string, unknown>) => ({ aws_instance: { vm: { ami: "ami-1", instance_type: "t3.micro", ...config } } });
const fromTemplate = instance({ launch_template: { id: "${aws_launch_template.lt.id}" } });
const imds = (options: Record<string, unknown>) => ({ metadata_options: options });

ruleSuite("ec2", {
  "KIT-EC2-001": [
    { name: "tokens required", expect: ["pass"], resources: lt(imds({ http_tokens: "required" })) },
    { name: "an instance with tokens required", expect: ["pass"], resources: instance(imds({ http_tokens: "required" })) },
    { name: "endpoint disabled", expect: ["pass", "instance metadata endpoint disabled"], resources: lt(imds({ http_endpoint: "disabled" })) },
    { name: "tokens optional", expect: ["fail", 'metadata_options.http_tokens is "optional", so IMDSv1 is allowed'], resources: lt(imds({ http_tokens: "optional" })) },
    { name: "no metadata options", expect: ["fail", "metadata_options.http_tokens is null, so IMDSv1 is allowed"], resources: lt({}) },
    { name: "an instance without metadata options", expect: ["fail", "metadata_options.http_tokens is null, so IMDSv1 is allowed"], resources: instance({}) },
    { name: "an instance from a launch template inherits its options", expect: ["n/a"], resources: fromTemplate },
    {
      name: "an instance from a template that overrides the options is judged",
      expect: ["fail", 'metadata_options.http_tokens is "optional", so IMDSv1 is allowed'],
      resources: instance({ launch_template: { id: "lt-1" }, ...imds({ http_tokens: "optional" }) }),
    },
  ],
  "KIT-EC2-002": [
    { name: "hop limit 1", expect: ["pass"], resources: lt(imds({ http_put_response_hop_limit: 1 })) },
    { name: "endpoint disabled", expect: ["pass", "instance metadata endpoint disabled"], resources: instance(imds({ http_endpoint: "disabled", http_put_response_hop_limit: 2 })) },
    { name: "hop limit 2", expect: ["fail", "http_put_response_hop_limit is 2"], resources: lt(imds({ http_put_response_hop_limit: 2 })) },
    { name: "hop limit unset", expect: ["fail", "http_put_response_hop_limit is unset (the AMI default, often 2)"], resources: instance({}) },
    { name: "from an expression", expect: ["pass", "hop limit comes from an expression; not checked"], resources: lt(imds({ http_put_response_hop_limit: "${var.hops}" })) },
    { name: "an instance from a launch template inherits it", expect: ["n/a"], resources: fromTemplate },
    {
      name: "an instance from a template that overrides it is judged",
      expect: ["fail", "http_put_response_hop_limit is 3"],
      resources: instance({ launch_template: { id: "lt-1" }, ...imds({ http_put_response_hop_limit: 3 }) }),
    },
  ],
  "KIT-EC2-003": [
    { name: "absent", expect: ["pass"], resources: { aws_subnet: { s: { vpc_id: "v", cidr_block: "10.0.10.0/24" } } } },
    { name: "false", expect: ["pass"], resources: { aws_subnet: { s: { vpc_id: "v", cidr_block: "10.0.10.0/24", map_public_ip_on_launch: false } } } },
    { name: "true", expect: ["fail", "map_public_ip_on_launch is true"], resources: { aws_subnet: { s: { vpc_id: "v", cidr_block: "10.0.1.0/24", map_public_ip_on_launch: true } } } },
  ],
  "KIT-EC2-004": [
    { name: "a template without public addresses", expect: ["pass"], resources: lt({ network_interfaces: [{ associate_public_ip_address: "false" }] }) },
    { name: "a template without interfaces", expect: ["pass"], resources: lt({}) },
    { name: "an instance without public addresses", expect: ["pass"], resources: instance({ associate_public_ip_address: false }) },
    { name: "an instance that does not say (private by default)", expect: ["pass"], resources: instance({}) },
    {
      name: "a template with one public interface among others",
      expect: ["fail", "associate_public_ip_address is true"],
      resources: lt({ network_interfaces: [{ device_index: 0 }, { device_index: 1, associate_public_ip_address: "true" }] }),
    },
    { name: "an instance with a public address", expect: ["fail", "associate_public_ip_address is true"], resources: instance({ associate_public_ip_address: true }) },
  ],
  "KIT-EC2-005": [
    { name: "a standalone encrypted volume", expect: ["pass"], resources: { aws_ebs_volume: { v: { availability_zone: "us-west-2a", encrypted: true } } } },
    { name: "an unencrypted standalone volume", expect: ["fail", "encrypted is not true"], resources: { aws_ebs_volume: { v: { availability_zone: "us-west-2a" } } } },
    { name: "an instance with encrypted root and data volumes", expect: ["pass"], resources: instance({ root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }] }) },
    { name: "an instance with only an encrypted data volume", expect: ["pass"], resources: instance({ ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }] }) },
    { name: "an instance with no volume settings", expect: ["fail", "no root_block_device, so encryption depends on the AMI and account default"], resources: instance({}) },
    {
      name: "an instance with two unencrypted volumes",
      expect: ["fail", "a volume is not encrypted; a volume is not encrypted"],
      resources: instance({ root_block_device: { encrypted: false }, ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }, { device_name: "/dev/sdg" }] }),
    },
    { name: "a template with encrypted mappings", expect: ["pass"], resources: lt({ block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true" } }] }) },
    // A mapping without an ebs block (an instance-store volume) is reported too; the rule only reads EBS settings.
    { name: "a template with a mapping without ebs", expect: ["fail", "/dev/sdc is not encrypted"], resources: lt({ block_device_mappings: [{ device_name: "/dev/sdc", virtual_name: "ephemeral0" }] }) },
    { name: "a template without mappings", expect: ["fail", "no block_device_mappings, so encryption depends on the AMI and account default"], resources: lt({}) },
    {
      name: "a template with unencrypted mappings",
      expect: ["fail", "/dev/xvdb is not encrypted; a device is not encrypted"],
      resources: lt({ block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true" } }, { device_name: "/dev/xvdb", ebs: { encrypted: "false" } }, { ebs: {} }] }),
    },
  ],
});
