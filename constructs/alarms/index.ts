// Public entry point `aec-platform-kit/alarms`.
export { createAlarmTopic, type AlarmTopicProps } from "./alarm-topic";
