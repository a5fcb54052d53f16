/** The VPC placement of the worker settings, as constructs, without looking anything up (synth needs no credentials). */
import { Annotations, Stack } from 'aws-cdk-lib'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import type { Construct } from 'constructs'
import type { VpcSettings } from '../worker/worker-settings.js'
import type { FunctionNetwork } from './connector-function.js'

export function functionNetwork(scope: Construct, settings: VpcSettings): FunctionNetwork {
  const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
    vpcId: settings.vpcId,
    // Only referenced; the subnets are selected by id, so the zones are never used.
    availabilityZones: Stack.of(scope).availabilityZones,
  })
  return {
    vpc,
    subnets: settings.subnetIds.map((id) => {
      const subnet = ec2.Subnet.fromSubnetId(scope, `Subnet-${id}`, id)
      // Nothing here reads the subnets' route tables.
      Annotations.of(subnet).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId')
      return subnet
    }),
    securityGroups: settings.securityGroupIds.map((id) =>
      ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id),
    ),
  }
}
